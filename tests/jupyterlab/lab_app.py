"""Serves the notebook application of app/ (built into build/static by build.mjs) with
jupyterlab_server's LabServerApp on Debian's Jupyter Server, as JupyterLab serves itself:
the page at /lab-test carries the page config (base URL, token, notebook path) that the
@jupyterlab packages read, and the REST and websocket APIs are Jupyter Server's own.
Run: python3 lab_app.py --LabTestApp.notebook_path=NAME.ipynb [Jupyter Server options]"""
import os

from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.extension.handler import ExtensionHandlerJinjaMixin, ExtensionHandlerMixin
from jupyter_server.utils import url_path_join
from jupyterlab_server import LabServerApp
from traitlets import Unicode

HERE = os.path.dirname(os.path.abspath(__file__))


class PageHandler(ExtensionHandlerJinjaMixin, ExtensionHandlerMixin, JupyterHandler):
    def get(self):
        page_config = {
            "appName": "java-cached in JupyterLab's notebook",
            "baseUrl": self.base_url,
            "wsUrl": self.settings.get("websocket_url", ""),
            "token": self.settings["token"],
            "notebookPath": self.extensionapp.notebook_path,
            "fullStaticUrl": url_path_join(self.base_url, "static", self.name),
        }
        self.write(self.render_template("index.html", page_config=page_config))


def _jupyter_server_extension_points():
    # Jupyter Server finds the starting extension by module name: this module, run as a script.
    return [{"module": __name__, "app": LabTestApp}]


class LabTestApp(LabServerApp):
    name = __name__
    extension_url = "/lab-test"
    default_url = "/lab-test"
    app_name = "java-cached JupyterLab test"
    load_other_extensions = False
    static_dir = os.path.join(HERE, "build", "static")
    templates_dir = os.path.join(HERE, "templates")
    app_settings_dir = os.path.join(HERE, "build", "settings")
    schemas_dir = os.path.join(HERE, "build", "schemas")
    themes_dir = os.path.join(HERE, "build", "themes")
    user_settings_dir = os.path.join(HERE, "build", "user-settings")
    workspaces_dir = os.path.join(HERE, "build", "workspaces")
    notebook_path = Unicode("lab-test.ipynb", config=True, help="The notebook the page opens.")

    def initialize_handlers(self):
        self.handlers.append(("/lab-test", PageHandler))


if __name__ == "__main__":
    LabTestApp.launch_instance()
