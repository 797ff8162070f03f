"""``scrgraph serve``: open the board's workbench in the browser (a local web application)."""

import socket
from typing import Annotated

import typer

from scrgraph.cli.common import STORE_DEFAULT, App, StoreOption, say
from scrgraph.cli.queries import QueriesOption
from scrgraph.errors import ScrgraphError

app = App()
LOOPBACK = "127.0.0.1"


def _check_free(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            raise ScrgraphError(f"Port {port} on {host} is in use; choose another with --port.") from None


@app.command("serve")
def serve_command(
    store: StoreOption = STORE_DEFAULT,
    port: Annotated[int, typer.Option("--port", help="The port to listen on.")] = 8765,
    host: Annotated[str, typer.Option("--host", help="The address to listen on; anything but 127.0.0.1 needs the printed token.")] = LOOPBACK,
    open_page: Annotated[bool, typer.Option("--open", help="Open the workbench in the web browser.")] = False,
    queries: QueriesOption = None,
) -> None:
    """Open the workbench: the store's pages, saved queries as forms, the graph and recurrence decisions, in the browser.

    It listens on 127.0.0.1 only unless --host says otherwise; nothing it serves comes from another host.
    Stop it with Ctrl+C.
    """
    import uvicorn

    import scrgraph
    from scrgraph.web.app import create_app
    from scrgraph.web.guard import new_token

    _check_free(host, port)
    token = None if host == LOOPBACK else new_token()
    graph = scrgraph.open(store)
    try:
        app_ = create_app(graph, queries or (), host=host, port=port, access_token=token, warm=True, views_apart=True,
                          warmed=lambda seconds: say(f"The pages opened first have been read ahead ({seconds:.1f} s)."))
        address = f"http://{host}:{port}/" + (f"?token={token}" if token else "")
        say(f"The workbench is at {address} (Ctrl+C stops it).")
        if open_page:
            import webbrowser

            webbrowser.open(address)
        uvicorn.run(app_, host=host, port=port, log_level="warning", server_header=False)
    finally:
        graph.close()
