import { deploymentIn, fleetDeployment } from '../../__testUtils__/fixtures';
import { fleetToCsv } from './fleetCsv';

/** The cells of the first data row, unquoted (RFC 4180). */
function cells(csv: string): string[] {
  const row = csv.split('\r\n')[1];
  const result: string[] = [];
  const re = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
  for (let m = re.exec(row); m && m[0] !== ''; m = re.exec(row)) {
    const cell = m[1];
    result.push(
      cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell,
    );
    if (m[2] === '') break;
  }
  return result;
}

describe('fleet CSV from untrusted text', () => {
  it.each([
    ['=', '=1+1'],
    ['+', '+cmd|" /C calc"!A0'],
    ['-', '-2+3'],
    ['@', '@SUM(A1:A2)'],
    ['tab', '\t=1'],
    ['carriage return', '\r=1'],
  ])('defuses a cell starting with %s', (_what, value) => {
    const d = fleetDeployment(deploymentIn('behind'), { entityTitle: value });
    const title = cells(fleetToCsv([d]))[1];
    expect(title).toBe(`'${value}`);
  });

  it('leaves ordinary text alone', () => {
    const d = fleetDeployment(deploymentIn('behind'), {
      entityTitle: 'Inventory = stock',
    });
    expect(cells(fleetToCsv([d]))[1]).toBe('Inventory = stock');
  });
});
