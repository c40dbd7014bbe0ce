import { readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';

/** Removes the portals' data folders (their audit trails) once the run is over. */
export default function teardown() {
  const target = path.join(__dirname, '..', 'target');
  for (const name of readdirSync(target)) {
    if (name.startsWith('e2e-data-')) {
      rmSync(path.join(target, name), { recursive: true, force: true });
    }
  }
}
