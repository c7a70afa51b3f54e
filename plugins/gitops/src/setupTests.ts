import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';
import { lastAnswers } from './hooks/lastAnswers';

// The machine running the tests is often busy: a whole entity tab can take
// more than the default second to render, which is not what tests check.
configure({ asyncUtilTimeout: 5_000 });
jest.setTimeout(30_000);

// Answers kept across mounts must not leak from one test into the next.
beforeEach(() => lastAnswers.clear());
