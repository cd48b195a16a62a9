import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** Creates a fresh temporary folder holding `files` (relative path -> content), in the given order. */
export async function folderWith(files: Record<string, string>, order = Object.keys(files)): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "dd-test-"));
  for (const path of order) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), files[path]);
  }
  return root;
}

/** A small dataset whose content hash is pinned in the tests (it fixes the leaf encoding for good). */
export const VECTOR_FILES = {
  "README.md": "# sample\n",
  "data/train.csv": "x,y\n1,2\n3,4\n",
  "data/test.csv": "x,y\n5,6\n",
};
