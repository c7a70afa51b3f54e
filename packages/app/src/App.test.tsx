import { render, screen } from '@testing-library/react';
import app from './App';

describe('App', () => {
  it('boots the new frontend system and offers guest sign-in', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'GitOps Console' },
            backend: { baseUrl: 'http://localhost:7007' },
          },
          context: 'test',
        },
      ] as any,
    };

    render(app.createRoot());

    expect(
      await screen.findByRole('button', { name: /enter/i }, { timeout: 15000 }),
    ).toBeInTheDocument();
  });
});
