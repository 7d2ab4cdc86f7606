/**
 * Generates a benchmark ledger as an ERP exports it: semicolons, decimal commas, accounting
 * sign (debit positive), dd.mm.yyyy dates; and the organisation it books to.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export const BENCH_ACCOUNTS = [
  '3000',
  '3010',
  '3100',
  '3200',
  '3300',
  '3500',
  '4000',
  '4010',
  '4020',
  '4100',
  '4110',
  '4200',
  '4300',
  '4310',
  '4320',
  '4340',
  '4360',
  '4400',
  '4420',
  '4500',
  '4510',
  '4520',
  '4600',
  '4700',
  '4800',
  '4820',
  '4900',
  '4910',
];

/** Cost centres 100000…: `count` of them under 10 areas of one central. */
export function benchOrg(costCentres: number): string {
  const lines = [
    'code,parent,kind,name_sv,name_fi,name_en',
    'CITY,,city,Staden,Kaupunki,City',
    'C1,CITY,central,Centralen,Keskus,Central',
  ];
  for (let a = 0; a < 10; a++) lines.push(`A${a},C1,area,Område ${a},Alue ${a},Area ${a}`);
  for (let i = 0; i < costCentres; i++) {
    lines.push(
      `${100000 + i},A${i % 10},costcenter,Kostnadsställe ${i},Kustannuspaikka ${i},Cost centre ${i}`,
    );
  }
  return lines.join('\n') + '\n';
}

/** Writes `count` ledger lines; returns the file's total in cents (accounting sign) as a check. */
export async function writeLedger(
  path: string,
  count: number,
  costCentres: number,
): Promise<bigint> {
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  // mulberry32: a small deterministic generator with a full period (integer maths only).
  let seed = 12345;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  let total = 0n;
  let chunk = 'Datum;Konto;Kostnadsställe;Belopp;Text;Verifikat\r\n';
  for (let i = 0; i < count; i++) {
    const account = BENCH_ACCOUNTS[Math.floor(random() * BENCH_ACCOUNTS.length)]!;
    const costCentre = 100000 + Math.floor(random() * costCentres);
    const month = 1 + Math.floor(random() * 12);
    const day = 1 + Math.floor(random() * 28);
    // Revenue is credit (negative in accounting sign), costs debit; a few reversals of each.
    const magnitude = 1 + Math.floor(random() * 500_000);
    const revenue = account < '4000';
    const reversal = random() < 0.03;
    const amount = (revenue ? -magnitude : magnitude) * (reversal ? -1 : 1);
    total += BigInt(amount);
    const abs = Math.abs(amount);
    const euros = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
    const text = `${amount < 0 ? '-' : ''}${euros},${String(abs % 100).padStart(2, '0')}`;
    chunk += `${day}.${month}.2023;${account};${costCentre};${text};Faktura ${i};${1000000 + i}\r\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return total;
}

/** A budget of every cost centre × account (report sign: revenue +, costs −), in euros. */
export function benchBudget(costCentres: number, lines: number): string {
  // About what the ledger books on a cost centre × account, give or take a tenth.
  const perCell = Math.round(((lines / costCentres / BENCH_ACCOUNTS.length) * 2500) / 100) * 100;
  const rows = ['unit,account,amount'];
  for (let i = 0; i < costCentres; i++) {
    for (const [j, account] of BENCH_ACCOUNTS.entries()) {
      const amount = perCell + ((i * 7 + j * 13) % 21) * Math.round(perCell / 100) - perCell / 10;
      rows.push(`${100000 + i},${account},${account < '4000' ? '' : '-'}${amount}.00`);
    }
  }
  return rows.join('\n') + '\n';
}
