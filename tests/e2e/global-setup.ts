import path from 'node:path';
import { buildIfNeeded } from '../../scripts/build-if-needed';

/** One production build for all browser tests (reused when nothing changed). */
export default function setup() {
  buildIfNeeded(path.resolve(__dirname, '../..'));
}
