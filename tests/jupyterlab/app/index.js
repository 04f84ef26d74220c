// A minimal JupyterLab notebook application, assembled from JupyterLab's own @jupyterlab/*
// packages as JupyterLab's examples/notebook does: its document manager opens one notebook in a
// NotebookPanel (cells, CodeMirror editors, output areas, the standard MIME renderers, the stdin
// box), the kernel is the session's (found through the kernelspec), Tab asks the kernel for
// completions, and a menu bar holds the Kernel menu a JupyterLab user reaches for.
// Page config (baseUrl, token, notebookPath) comes from lab_app.py's page.
import { PageConfig } from '@jupyterlab/coreutils';
import { SessionContextDialogs } from '@jupyterlab/apputils';
import {
  CodeMirrorEditorFactory, CodeMirrorMimeTypeService, EditorExtensionRegistry, EditorLanguageRegistry,
  EditorThemeRegistry, ybinding,
} from '@jupyterlab/codemirror';
import {
  Completer, CompleterModel, CompletionHandler, KernelCompleterProvider, ProviderReconciliator,
} from '@jupyterlab/completer';
import { DocumentManager } from '@jupyterlab/docmanager';
import { DocumentRegistry } from '@jupyterlab/docregistry';
import {
  NotebookActions, NotebookModelFactory, NotebookPanel, NotebookWidgetFactory, StaticNotebook,
} from '@jupyterlab/notebook';
import { RenderMimeRegistry, standardRendererFactories } from '@jupyterlab/rendermime';
import { ServiceManager } from '@jupyterlab/services';
import { CommandRegistry } from '@lumino/commands';
import { BoxPanel, Menu, MenuBar, Widget } from '@lumino/widgets';

import '@jupyterlab/application/style/index.css';
import '@jupyterlab/codemirror/style/index.css';
import '@jupyterlab/completer/style/index.css';
import '@jupyterlab/notebook/style/index.css';
import '@jupyterlab/theme-light-extension/style/theme.css';
import './index.css';

function editorExtensions() {
  const themes = new EditorThemeRegistry();
  for (const theme of EditorThemeRegistry.getDefaultThemes()) themes.addTheme(theme);
  const registry = new EditorExtensionRegistry();
  for (const factory of EditorExtensionRegistry.getDefaultExtensions({ themes })) registry.addExtension(factory);
  // The editor edits the cell's shared (Yjs) source, as in JupyterLab.
  registry.addExtension({
    name: 'shared-model-binding',
    factory: (options) => EditorExtensionRegistry.createImmutableExtension(ybinding({
      ytext: options.model.sharedModel.ysource,
      undoManager: options.model.sharedModel.undoManager ?? undefined,
    })),
  });
  return registry;
}

async function main() {
  const services = new ServiceManager({ standby: 'never' });
  await services.ready;

  const commands = new CommandRegistry();
  document.addEventListener('keydown', (event) => commands.processKeydownEvent(event), true);

  const languages = new EditorLanguageRegistry();
  for (const language of EditorLanguageRegistry.getDefaultLanguages()) languages.addLanguage(language);
  const editorFactory = new CodeMirrorEditorFactory({ extensions: editorExtensions(), languages });

  const rendermime = new RenderMimeRegistry({ initialFactories: standardRendererFactories });
  const registry = new DocumentRegistry();
  registry.addModelFactory(new NotebookModelFactory({}));
  registry.addWidgetFactory(new NotebookWidgetFactory({
    name: 'Notebook',
    modelName: 'notebook',
    fileTypes: ['notebook'],
    defaultFor: ['notebook'],
    preferKernel: true,
    canStartKernel: true,
    rendermime,
    contentFactory: new NotebookPanel.ContentFactory({ editorFactory: editorFactory.newInlineEditor }),
    mimeTypeService: new CodeMirrorMimeTypeService(languages),
    notebookConfig: { ...StaticNotebook.defaultNotebookConfig, windowingMode: 'none' },
  }));
  const opener = { open: () => {}, get opened() { return { connect: () => false, disconnect: () => false }; } };
  const docManager = new DocumentManager({ registry, manager: services, opener });
  const panel = docManager.open(PageConfig.getOption('notebookPath'));
  const notebook = panel.content;
  const sessionContext = panel.sessionContext;
  const dialogs = new SessionContextDialogs();

  // Completion: JupyterLab's completer asking the kernel (complete_request).
  const completer = new Completer({ model: new CompleterModel() });
  const completion = new CompletionHandler({
    completer,
    reconciliator: new ProviderReconciliator({
      context: { widget: panel, editor: null, session: null }, providers: [], timeout: 1000,
    }),
  });
  const connectCompleter = () => {
    completion.editor = notebook.activeCell?.editor ?? null;
    completion.reconciliator = new ProviderReconciliator({
      context: { widget: panel, editor: completion.editor, session: sessionContext.session },
      providers: [new KernelCompleterProvider()],
      timeout: 5000,
    });
  };
  notebook.activeCellChanged.connect(connectCompleter);
  sessionContext.kernelChanged.connect(connectCompleter);
  completer.hide();

  const add = (id, label, execute) => commands.addCommand(id, { label, execute });
  add('notebook:run-cell-and-select-next', 'Run Selected Cell and Advance',
    () => NotebookActions.runAndAdvance(notebook, sessionContext, dialogs));
  add('notebook:run-all-cells', 'Run All Cells', () => NotebookActions.runAll(notebook, sessionContext, dialogs));
  add('notebook:interrupt-kernel', 'Interrupt Kernel', () => sessionContext.session?.kernel?.interrupt());
  add('notebook:restart-kernel', 'Restart Kernel…', () => dialogs.restart(sessionContext));
  add('notebook:restart-run-all', 'Restart Kernel and Run All Cells…', async () => {
    if (await dialogs.restart(sessionContext)) await NotebookActions.runAll(notebook, sessionContext, dialogs);
  });
  add('notebook:enter-command-mode', 'Command Mode', () => { notebook.mode = 'command'; });
  add('completer:invoke-notebook', 'Complete', () => {
    if (notebook.activeCell?.model.type === 'code') return completion.invoke();
  });
  add('completer:select-notebook', 'Select Completion', () => completion.completer.selectActive());
  for (const binding of [
    { selector: '.jp-Notebook', keys: ['Shift Enter'], command: 'notebook:run-cell-and-select-next' },
    { selector: '.jp-Notebook.jp-mod-editMode', keys: ['Escape'], command: 'notebook:enter-command-mode' },
    { selector: '.jp-Notebook.jp-mod-editMode .jp-mod-completer-enabled', keys: ['Tab'],
      command: 'completer:invoke-notebook' },
    { selector: '.jp-mod-completer-active', keys: ['Enter'], command: 'completer:select-notebook' },
  ]) commands.addKeyBinding(binding);

  const menu = (title, ids) => {
    const m = new Menu({ commands });
    m.title.label = title;
    for (const command of ids) m.addItem({ command });
    return m;
  };
  const menuBar = new MenuBar();
  menuBar.id = 'jp-menu';
  menuBar.addMenu(menu('Run', ['notebook:run-cell-and-select-next', 'notebook:run-all-cells']));
  menuBar.addMenu(menu('Kernel', ['notebook:interrupt-kernel', 'notebook:restart-kernel',
    'notebook:restart-run-all']));

  const main = new BoxPanel({ direction: 'top-to-bottom', spacing: 0 });
  main.id = 'main';
  main.addClass('jp-ThemedContainer');
  completer.addClass('jp-ThemedContainer');
  BoxPanel.setStretch(menuBar, 0);
  BoxPanel.setStretch(panel, 1);
  main.addWidget(menuBar);
  main.addWidget(panel);
  Widget.attach(main, document.body);
  Widget.attach(completer, document.body);
  window.addEventListener('resize', () => main.update());
  // For the test: the page is ready once the notebook's kernel is.
  window.javaCachedLab = { panel, ready: sessionContext.ready.then(() => true) };
}

window.addEventListener('load', () => { void main(); });
