"""A LibreTranslate-compatible HTTP server for the tests: a real server on a free local
port (no network), answering POST /translate as LibreTranslate does."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeLibreTranslate:
    """``with FakeLibreTranslate() as server:`` serves at ``server.url``; ``server.requests``
    holds the JSON bodies it was sent."""

    def __init__(self, api_key: str = ""):
        self.api_key = api_key
        self.requests: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's naming
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                fake.requests.append(body)
                if self.path != "/translate":
                    return self._answer(404, {"error": "Not Found"})
                if fake.api_key and body.get("api_key") != fake.api_key:
                    return self._answer(403, {"error": "Invalid API key"})
                texts = body["q"] if isinstance(body["q"], list) else [body["q"]]
                target = body["target"]
                return self._answer(200, {"translatedText": [f"[{target}] {t}" for t in texts]})

            def _answer(self, status, data):
                payload = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


def closed_port_url() -> str:
    """An address where nothing listens: a port the system just handed out and took back."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
