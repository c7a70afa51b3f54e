import { nodeId, stableId } from './context';

/**
 * A GitHub user for a git identity. Git has only names and emails, so the
 * login is the email's local part; the same email always maps to the same
 * user and id.
 */
export function simpleUser(api: string, web: string, email: string) {
  const login = (email.split('@')[0] || 'ghost').replace(/[^A-Za-z0-9-]/g, '-');
  const url = `${api}/users/${login}`;
  return {
    login,
    id: stableId(`user:${login}`),
    node_id: nodeId('User', login),
    avatar_url: `${web}/avatars/${login}`,
    gravatar_id: '',
    url,
    html_url: `${web}/${login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: 'User',
    site_admin: false,
  };
}

/** The user a repository owner name stands for. */
export function ownerUser(api: string, web: string, owner: string) {
  return simpleUser(api, web, `${owner}@users.noreply.example.com`);
}
