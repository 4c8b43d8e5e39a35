// "Attach Image…": the file dialog for images and reading what was picked. Each file is checked
// from its bytes by imageAttach.ts like a pasted image; a refused one says why in the composer.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { MAX_IMAGE_BYTES, MAX_IMAGES_PER_MESSAGE, imageProblems } from '../shared/chatImages';
import type { ChatController } from './controller';
import { imageFromBytes } from './imageAttach';

export async function pickImages(controller: Pick<ChatController, 'addImage'>): Promise<void> {
  const picked = await vscode.window.showOpenDialog({
    title: 'Attach Image',
    openLabel: 'Attach',
    canSelectMany: true,
    filters: { Images: ['png', 'jpg', 'jpeg', 'webp'] },
  });
  for (const uri of (picked ?? []).slice(0, MAX_IMAGES_PER_MESSAGE)) {
    const name = path.basename(uri.path);
    try {
      // The size first: a huge file is refused without reading it into memory.
      const { size } = await vscode.workspace.fs.stat(uri);
      if (size > MAX_IMAGE_BYTES) {
        controller.addImage({ error: imageProblems.tooLarge(name, size) });
        continue;
      }
      controller.addImage(imageFromBytes(await vscode.workspace.fs.readFile(uri), name));
    } catch (err) {
      controller.addImage({ error: `"${name}" could not be read (${err instanceof Error ? err.message : String(err)}).` });
    }
  }
}
