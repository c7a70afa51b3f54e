import { deploymentIn, fleetDeployment } from '../../__testUtils__/fixtures';
import { fleetToCsv } from './fleetCsv';

describe('fleetToCsv', () => {
  it('writes a header and one row per deployment, CRLF separated', () => {
    const csv = fleetToCsv([fleetDeployment(deploymentIn('behind'))]);
    const [header, row, end] = csv.split('\r\n');
    expect(header).toBe(
      'entity,title,environment,cluster,namespace,name,tool,kind,driftState,reasons,health,syncStatus,deployedRevision,desiredRevision,pendingCommits,lastSyncedAt,owner,system,lifecycle',
    );
    expect(row.split(',').slice(0, 9)).toEqual([
      'component:default/inventory',
      'inventory',
      'production',
      'demo-production',
      'argocd',
      'inventory-production',
      'argocd',
      'argocd-application',
      'behind',
    ]);
    expect(end).toBe('');
  });

  it('quotes commas, quotes and newlines, and defuses spreadsheet formulas', () => {
    const d = fleetDeployment(deploymentIn('failing'), {
      entityTitle: '=HYPERLINK("x")',
      drift: {
        state: 'failing',
        reasons: [
          { code: 'a', message: 'first, "quoted"' },
          { code: 'b', message: 'second\nline' },
        ],
        resources: [],
      },
    });
    const row = fleetToCsv([d]).split('\r\n')[1];
    expect(row).toContain(`"'=HYPERLINK(""x"")"`);
    expect(row).toContain('"first, ""quoted""; second\nline"');
  });

  it('leaves unknown values empty', () => {
    const d = fleetDeployment(deploymentIn('unknown'), {
      owner: undefined,
      system: undefined,
      lifecycle: undefined,
    });
    expect(fleetToCsv([d]).split('\r\n')[1]).toMatch(/,,,$/);
  });
});
