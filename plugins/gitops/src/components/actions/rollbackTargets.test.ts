import { deployment } from '../../__testUtils__/fixtures';
import { isRollbackTarget, rollbackTargets } from './rollbackTargets';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('rollbackTargets', () => {
  it('leaves out the revision running now, in the form Flux gives it', () => {
    const flux = deployment({
      kind: 'flux-kustomization',
      deployedRevision: `main@sha1:${B}`,
      deployedCommit: undefined,
      history: [
        { revision: B, deployedAt: '2026-12-01T10:00:00Z' },
        { revision: A, deployedAt: '2026-11-30T10:00:00Z' },
      ],
    });
    expect(rollbackTargets(flux).map(t => t.revision)).toEqual([A]);
    expect(isRollbackTarget(flux, B)).toBe(false);
    expect(isRollbackTarget(flux, A)).toBe(true);
  });

  it('leaves out the bare SHA Argo CD gives, and repeats', () => {
    const argo = deployment({
      deployedRevision: A,
      deployedCommit: undefined,
      history: [
        { revision: A, deployedAt: '2026-12-01T10:00:00Z' },
        { revision: B, deployedAt: '2026-11-30T10:00:00Z' },
        { revision: B, deployedAt: '2026-11-29T10:00:00Z' },
      ],
    });
    expect(rollbackTargets(argo).map(t => t.revision)).toEqual([B]);
  });
});
