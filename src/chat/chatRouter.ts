// Routes validated webview messages to the controller and the editor. Every message is a fixed,
// specific request: there is no "run command", "set setting" or "open path" message, and the code
// that reaches the editor is always read from the host's copy of the answer.
import * as vscode from 'vscode';
import type { ChatController } from './controller';
import { pickImages } from './imagePicker';
import { attachmentFromEditor, copyToClipboard, insertAtCursor, openAsNewFile, replaceSelection } from './editorActions';
import { conversationToMarkdown } from './markdownExport';
import { addMention, answerFileQuery, type MentionTarget } from './mentions/route';
import type { MentionResolver } from './mentions/resolver';
import { speakableText } from './speechText';
import { config, updateUserSetting } from '../config';
import { allowedLink, type ToHost } from '../shared/protocol';
import { notifyInfo, notifyWarning } from '../ui/notify';

type Routed = Exclude<ToHost, { type: 'ready' }>;

export interface ChatMentions {
  resolver: MentionResolver;
  target: MentionTarget;
}

export async function routeChatMessage(controller: ChatController, m: Routed, mentions: ChatMentions): Promise<void> {
  switch (m.type) {
    case 'send':
      return controller.send(m.text, m.attachmentIds, m.imageIds);
    case 'removeQueued':
      return controller.removeQueued(m.messageId);
    case 'attachImage':
      return controller.attachImageData(m.dataUrl, m.name);
    case 'pickImage':
      return pickImages(controller);
    case 'removeImage':
      return controller.removeImage(m.imageId);
    case 'stop':
      return controller.stop(m.requestId);
    case 'regenerate':
      return controller.regenerate(m.messageId);
    case 'editLast':
      return controller.editLast(m.messageId, m.text);
    case 'newChat':
      await controller.newChat();
      return;
    case 'switchConversation':
      return controller.switchTo(m.conversationId);
    case 'loadOlder':
      return controller.loadOlder(m.conversationId, m.beforeId);
    case 'resendMessage':
      return controller.resend(m.conversationId, m.messageId);
    case 'renameConversation': {
      const current = await controller.titleOf(m.conversationId);
      if (current === undefined) return;
      const title = await vscode.window.showInputBox({ title: 'Rename chat', value: current, validateInput: (v) => (v.trim() ? undefined : 'A chat needs a name.') });
      if (title !== undefined) await controller.rename(m.conversationId, title);
      return;
    }
    case 'deleteConversation': {
      const title = await controller.titleOf(m.conversationId);
      if (title === undefined) return;
      const answer = await notifyWarning(`Delete the chat "${title}"?`, { modal: true, detail: 'This cannot be undone.' }, 'Delete');
      if (answer === 'Delete') await controller.remove(m.conversationId);
      return;
    }
    case 'exportConversation': {
      const conv = await controller.conversation(m.conversationId);
      if (!conv) return;
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: conversationToMarkdown(conv, new Date()) });
      await vscode.window.showTextDocument(doc, { preview: false });
      return;
    }
    case 'selectModel':
      return controller.selectModel(m.modelId);
    case 'refreshModels':
      return controller.refreshModels();
    case 'addContext': {
      const a = attachmentFromEditor();
      if ('error' in a) void notifyInfo(a.error);
      else if (!controller.addAttachment(a)) void vscode.window.showInformationMessage('Venice: a message can carry at most 10 pieces of context.');
      return;
    }
    case 'removeAttachment':
      return controller.removeAttachment(m.attachmentId);
    case 'mentionFiles':
      return answerFileQuery(mentions.resolver, mentions.target, m.query);
    case 'addMention':
      return addMention(mentions.resolver, mentions.target, m.kind, m.value);
    case 'codeAction': {
      const block = controller.codeBlock(m.messageId, m.index);
      if (!block) return;
      if (m.action === 'copy') await copyToClipboard(block.code);
      else if (m.action === 'insert') await insertAtCursor(block.code);
      else if (m.action === 'replace') await replaceSelection(block.code);
      else await openAsNewFile(block.code, block.language);
      return;
    }
    case 'openLink': {
      // Re-checked here: the webview's own check is not trusted. The parsed URL is what opens.
      const href = allowedLink(m.href);
      if (href) await vscode.env.openExternal(vscode.Uri.parse(href, true));
      return;
    }
    case 'approval':
      return controller.resolveApproval(m.approvalId, m.decision === 'apply');
    case 'review':
      return controller.review(m.approvalId);
    case 'restoreFiles':
      return controller.restoreFiles(m.messageId, m.undo);
    case 'openChangedFile':
      return controller.openChangedFile(m.messageId, m.index);
    case 'compactConversation':
      return controller.compact(m.conversationId);
    case 'undoCompact':
      return controller.undoCompact(m.conversationId);
    case 'cancelCompact':
      return controller.cancelCompact();
    case 'errorAction':
      if (m.action === 'setApiKey') await vscode.commands.executeCommand('venice.setApiKey');
      else await vscode.commands.executeCommand('workbench.action.openSettings', 'venice.');
      return;
    case 'setWebSearch':
      // Validated to off|auto|on by parseToHost; always the user's own setting, never the workspace's.
      await updateUserSetting('chat.webSearch', m.mode);
      if (config.chat.webSearch() !== m.mode) {
        void notifyInfo(`Venice: web search stays "${config.chat.webSearch()}" because this workspace's settings set venice.chat.webSearch.`);
      }
      return;
    case 'chooseCharacter':
      await vscode.commands.executeCommand('venice.chooseCharacter');
      return;
    case 'clearCharacter':
      await vscode.commands.executeCommand('venice.chooseCharacter', { slug: '' });
      return;
    case 'readAloud': {
      const text = controller.answerText(m.messageId);
      if (text?.trim()) await vscode.commands.executeCommand('venice.readAloud', { text: speakableText(text) });
      return;
    }
  }
}
