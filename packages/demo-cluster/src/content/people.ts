import { Person } from '../git/fastImport';

/** The (fictional) people who work on the demo's services. */
export const people = {
  priya: { name: 'Priya Raman', email: 'priya.raman@acme-shop.example' },
  jonas: { name: 'Jonas Becker', email: 'jonas.becker@acme-shop.example' },
  mei: { name: 'Mei Tanaka', email: 'mei.tanaka@acme-shop.example' },
  carlos: { name: 'Carlos Mendes', email: 'carlos.mendes@acme-shop.example' },
  aisha: { name: 'Aisha Okafor', email: 'aisha.okafor@acme-shop.example' },
  tom: { name: 'Tom Lindqvist', email: 'tom.lindqvist@acme-shop.example' },
  /** GitOps Console's commit identity (gitops.actions.bot's default). */
  bot: { name: 'GitOps Console', email: 'gitops-console@noreply' },
  renovate: {
    name: 'renovate[bot]',
    email: '29139614+renovate[bot]@users.noreply.github.com',
  },
} satisfies Record<string, Person>;

/** Who GitHub records as the committer of a merged pull request. */
export const GITHUB_COMMITTER: Person = {
  name: 'GitHub',
  email: 'noreply@github.com',
};

/** The GitHub organisation the demo's pull requests come from. */
export const GITHUB_ORG = 'acme-shop';
