export default function ImportsPage({ m, year }: { m: string; year: number }) {
  return (
    <div>
      {m} {year}
    </div>
  );
}
