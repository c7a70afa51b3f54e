import { ActionRequestError } from './ActionRequestError';
import {
  CLIENT_BASE_URL as base,
  clientAnswering,
  json,
} from '../__testUtils__/clientAnswering';

const entity = `${base}/entities/default/component/inventory`;
const deploymentId = 'demo/argocd/argocd-application/inventory';

describe('GitOpsClient actions', () => {
  it('posts a preview as JSON and returns the answer', async () => {
    const preview = { type: 'rollback', commitsUndone: [], files: [] };
    const { client, fetch } = clientAnswering(json(preview));
    await expect(
      client.previewAction('component:default/inventory', {
        type: 'rollback',
        deploymentId,
        targetRevision: 'abc',
      }),
    ).resolves.toEqual(preview);
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(`${entity}/actions/preview`);
    expect(init?.method).toBe('POST');
    expect(new Headers(init?.headers).get('content-type')).toBe(
      'application/json',
    );
    expect(JSON.parse(init?.body as string)).toEqual({
      type: 'rollback',
      deploymentId,
      targetRevision: 'abc',
    });
  });

  it('creates an action and returns the record, whether new (201) or open (200)', async () => {
    const record = { id: 'act-1', status: 'requested' };
    const { client, fetch } = clientAnswering(
      json(record, 201, 'Created'),
      json(record, 200),
    );
    const request = {
      type: 'revert-commit' as const,
      deploymentId,
      commit: 'abc',
      reason: 'broke checkout',
      expectedHead: 'def',
    };
    await expect(
      client.createAction('component:default/inventory', request),
    ).resolves.toEqual(record);
    await expect(
      client.createAction('component:default/inventory', request),
    ).resolves.toEqual(record);
    // Writes are never shared like concurrent reads are.
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(fetch.mock.calls[0][0]).toBe(`${entity}/actions`);
    expect(JSON.parse(fetch.mock.calls[0][1]?.body as string)).toEqual(request);
  });

  it('lists actions with deployment, limit and cursor, and reads one by id', async () => {
    const { client, fetch } = clientAnswering(
      json({ items: [] }),
      json({ items: [] }),
      json({ id: 'a/b' }),
      json({ rollback: { result: 'allowed' } }),
    );
    await client.listActions('component:default/inventory', {
      deploymentId,
      limit: 10,
      cursor: 'Mg',
    });
    await client.listActions('component:default/inventory');
    await client.getAction('a/b');
    await client.getActionPermissions('component:default/inventory');
    expect(fetch.mock.calls.map(c => c[0])).toEqual([
      `${entity}/actions?deploymentId=${encodeURIComponent(
        deploymentId,
      )}&limit=10&cursor=Mg`,
      `${entity}/actions`,
      `${base}/actions/a%2Fb`,
      `${entity}/actions/permissions`,
    ]);
  });

  it('reads a stale-head 409 into its message, field and newer commits', async () => {
    const commits = [{ sha: 'f'.repeat(40), subject: 'Bump the image' }];
    const { client } = clientAnswering(
      json(
        {
          error: {
            name: 'StaleHeadError',
            message: 'the path has 1 commit(s) newer than expectedHead',
          },
          field: 'expectedHead',
          commits,
        },
        409,
        'Conflict',
      ),
    );
    const error = await client
      .createAction('component:default/inventory', {
        type: 'rollback',
        deploymentId,
        reason: 'x',
      })
      .catch(e => e);
    expect(ActionRequestError.is(error)).toBe(true);
    expect(error.message).toBe(
      'the path has 1 commit(s) newer than expectedHead',
    );
    expect(error.statusCode).toBe(409);
    expect(error.details).toEqual({
      errorName: 'StaleHeadError',
      field: 'expectedHead',
      files: undefined,
      commits,
    });
  });

  it('reads conflicting files given under `conflicts`', async () => {
    const { client } = clientAnswering(
      json(
        {
          error: { name: 'RevertConflictError', message: 'conflicts' },
          field: 'commit',
          conflicts: { files: ['a.yaml', 'b.yaml'] },
        },
        409,
      ),
    );
    const error = await client
      .previewAction('component:default/inventory', {
        type: 'revert-commit',
        deploymentId,
        commit: 'abc',
      })
      .catch(e => e);
    expect(error.details.files).toEqual(['a.yaml', 'b.yaml']);
  });

  it('keeps the status line when the error body is not JSON', async () => {
    const { client } = clientAnswering(
      new Response('<html>bad gateway</html>', {
        status: 502,
        statusText: 'Bad Gateway',
      }),
    );
    const error = await client.getAction('act-1').catch(e => e);
    expect(error).toBeInstanceOf(ActionRequestError);
    expect(error.message).toBe('Request failed with status 502 Bad Gateway');
    expect(error.statusCode).toBe(502);
  });
});
