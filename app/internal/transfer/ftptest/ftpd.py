# A pyftpdlib server for FG Desk's transfer tests (issue 11): binds
# 127.0.0.1 on the given port (0: any free one), prints the port on one
# line, then serves until killed. Only for tests; never on a real network.
import argparse, os, sys

from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer

ap = argparse.ArgumentParser()
ap.add_argument("--root", required=True)
ap.add_argument("--port", type=int, default=0)
ap.add_argument("--user", action="append", default=[], help="name:password:perm")
ap.add_argument("--anonymous", default="", help="perm for anonymous, empty for none")
ap.add_argument("--cert", default="", help="PEM with certificate and key: offer explicit TLS")
ap.add_argument("--implicit", action="store_true", help="with --cert: implicit TLS (TLS from the first byte, as on port 990)")
ap.add_argument("--quota", type=int, default=0, help="refuse STOR with 552 once the tree holds this many bytes")
ap.add_argument("--passive", default="", help="lo-hi passive port range")
a = ap.parse_args()

auth = DummyAuthorizer()
for u in a.user:
    name, pw, perm = u.split(":", 2)
    auth.add_user(name, pw, a.root, perm=perm)
if a.anonymous:
    auth.add_anonymous(a.root, perm=a.anonymous)

base = FTPHandler
if a.cert:
    from pyftpdlib.handlers import TLS_FTPHandler
    base = TLS_FTPHandler


def used(root):
    n = 0
    for d, _, fs in os.walk(root):
        for f in fs:
            try:
                n += os.path.getsize(os.path.join(d, f))
            except OSError:
                pass
    return n


class Handler(base):
    def ftp_STOR(self, file, mode="w"):
        if a.quota and used(a.root) >= a.quota:
            self.respond("552 Disk quota exceeded.")
            return
        return super().ftp_STOR(file, mode)


if a.cert and a.implicit:
    class Implicit(Handler):
        # TLS from the first byte: the handshake, then the banner.
        def handle(self):
            self.secure_connection(self.ssl_context)

        def handle_ssl_established(self):
            if not getattr(self, "_greeted", False):
                self._greeted = True
                FTPHandler.handle(self)

    Handler = Implicit

Handler.authorizer = auth
Handler.banner = "fgdesk test ftpd ready."
Handler.timeout = 60
if a.cert:
    Handler.certfile = a.cert
    Handler.tls_control_required = False
    Handler.tls_data_required = False
if a.passive:
    lo, hi = a.passive.split("-")
    Handler.passive_ports = range(int(lo), int(hi) + 1)

import logging
logging.basicConfig(level=logging.WARNING)
server = FTPServer(("127.0.0.1", a.port), Handler)
print(server.socket.getsockname()[1], flush=True)
server.serve_forever()
