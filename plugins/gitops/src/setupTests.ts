import '@testing-library/jest-dom';
import { lastAnswers } from './hooks/lastAnswers';

// Answers kept across mounts must not leak from one test into the next.
beforeEach(() => lastAnswers.clear());
