import { GitServer, startGitServer } from '../git/gitServer';
import { GitHubFacade, startGitHubFacade } from './gitHubFacade';
import { GitHubOpenApiValidator } from './openapiValidator';

jest.setTimeout(60_000);

describe('GitHubOpenApiValidator', () => {
  let git: GitServer;
  let facade: GitHubFacade;
  let validator: GitHubOpenApiValidator;

  beforeAll(async () => {
    validator = GitHubOpenApiValidator.load();
    git = await startGitServer();
    facade = await startGitHubFacade({ git });
    const repo = await git.createRepository('acme/apps');
    await repo.commit({ message: 'one', files: { 'a.yaml': '1\n' } });
    await repo.commit({ message: 'two', files: { 'a.yaml': '2\n' } });
  });

  afterAll(async () => {
    await facade?.stop();
    await git?.stop();
  });

  async function served(path: string) {
    const response = await fetch(`${facade.url}${path}`);
    expect(response.ok).toBe(true);
    return facade.served[facade.served.length - 1];
  }

  it('loads the api.github.com description from @octokit/openapi', () => {
    expect(validator.openapiVersion).toMatch(/^3\./);
  });

  it('fails when a commit loses its required sha, and passes again once it is restored', async () => {
    const response = await served('/repos/acme/apps/commits');
    const commits = response.body as any[];
    expect(validator.validate(response)).toEqual({
      documented: true,
      valid: true,
      errors: [],
    });

    const sha = commits[1].sha;
    delete commits[1].sha;
    const broken = validator.validate(response);
    expect(broken.valid).toBe(false);
    expect(broken.errors).toEqual([
      "GET /repos/{owner}/{repo}/commits → 200: /1 must have required property 'sha'",
    ]);

    commits[1].sha = sha;
    expect(validator.validate(response).valid).toBe(true);
  });

  it('checks types and nullability, not only presence', async () => {
    const response = await served('/repos/acme/apps');
    const repository = response.body as any;
    expect(repository.description).toBeNull(); // nullable: true is honoured
    expect(validator.validate(response).valid).toBe(true);

    const copy = {
      ...response,
      body: { ...repository, owner: null, forks_count: 'many' },
    };
    const result = validator.validate(copy);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/\/owner must be object/);
    expect(result.errors.join('\n')).toMatch(/\/forks_count must be integer/);
  });

  it('says when GitHub documents no such response', () => {
    const result = validator.validate({
      method: 'GET',
      template: '/repos/{owner}/{repo}/commits',
      status: 418,
      body: {},
    });
    expect(result).toMatchObject({ documented: false, valid: false });
  });
});
