import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { writeCatalogFiles } from './catalogFile';
import { fleetShape } from './shape';

describe('writeCatalogFiles', () => {
  it('writes every entity once, a file per System and one for the Groups', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-catalog-'));
    try {
      const shape = fleetShape(1);
      const files = writeCatalogFiles(dir, shape);
      const docs = files.map(file =>
        YAML.parseAllDocuments(fs.readFileSync(file, 'utf8')).map(
          d => d.toJS() as { kind: string; metadata: { name: string } },
        ),
      );
      const all = docs.flat();
      const systems = new Set(shape.services.map(s => s.system));
      expect(files).toHaveLength(systems.size + 1);
      expect(
        all.filter(d => d.kind === 'Component').map(d => d.metadata.name),
      ).toEqual(expect.arrayContaining(shape.services.map(s => s.name)));
      expect(all.filter(d => d.kind === 'Component')).toHaveLength(2000);
      expect(all.filter(d => d.kind === 'System')).toHaveLength(systems.size);
      // No file holds more than a team's repository would.
      expect(Math.max(...docs.map(d => d.length))).toBeLessThanOrEqual(50);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
