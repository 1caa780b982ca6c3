/** jest setupFilesAfterEnv: see scratch.ts. */
import { removeScratchDir } from './scratch';

afterAll(removeScratchDir);
