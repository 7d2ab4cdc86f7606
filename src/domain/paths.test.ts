import { describe, expect, it } from 'vitest';
import { pageDataPath } from './paths.js';

describe('pageDataPath', () => {
  it.each([
    ['/m/lovisa/2023', '', '/api/m/lovisa/2023/overview'],
    ['/lovisa/2023/', '?period=6', '/api/m/lovisa/2023/overview?period=6'],
    ['/m/lovisa/2023/units/STK-ICT', '?x=1', '/api/m/lovisa/2023/units/STK-ICT'],
    ['/m/lovisa/2023/units/%C3%85', '', '/api/m/lovisa/2023/units/%C3%85'],
    ['/m/lovisa/2023/units/%E0', '', '/api/m/lovisa/2023/units/%E0'],
  ])('%s%s → %s', (pathname, search, path) => {
    expect(pageDataPath(pathname, search)).toBe(path);
  });

  it('gives nothing for pages that fetch nothing on their first screen', () => {
    expect(pageDataPath('/m/lovisa/2023/imports', '')).toBeNull();
    expect(pageDataPath('/login', '')).toBeNull();
  });
});
