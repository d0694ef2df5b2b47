#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end test of precis.so inside Claws Mail (RSSyl) under Xvfb.

Starts, in a fresh scratch directory: a local HTTP server (precis-httpd, or
Python's http.server) on 127.0.0.1 with a feed and its article pages, an
Xvfb display, and claws-mail under dbus-run-session with a private HOME,
XDG_RUNTIME_DIR and --alternate-config-dir whose [Plugins_GTK3] lists rssyl
and the precis.so under test.  It subscribes to the feed through Claws'
control socket, selects items with `claws-mail --select`, and reads what the
plugin logged (G_MESSAGES_DEBUG=precis) to check what the user sees:

  * the digest of an item is the one of its article (its URL, its title,
    three sentences that all come from that article and not another one);
  * reopening an item is answered from the cache, without a new request;
  * moving on while a slow page loads cancels that work, and its digest
    never replaces the one on screen (a "working" state is shown meanwhile);
  * an item whose feed text is the whole article is summarized without a
    request to its link;
  * an item with a broken link shows the error state; once the page exists,
    a real click on Retry (xdotool) shows its digest;
  * hostile pages (random bytes, a page over the size cap) give the error
    state and Claws lives on;
  * opening a folder with no message selected hides the box;
  * a message that is not a feed item shows no box;
  * no message file changes;
  * `claws-mail --exit`, sent while a slow page is loading, ends the
    process cleanly (status 0, plugin_done clean, no crash or critical
    warning) within a time limit.

Screenshots are saved (--shots DIR) for a person to look at.  --bench N runs
the figures instead: latency of N uncached then cached digests, and Claws'
VmRSS after showing N items, with and without the plugin.

Exit status: 0 pass, 1 fail, 77 skipped (no Xvfb or no claws-mail).
"""
import argparse
import glob
import hashlib
import http.server
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

PLUGINDIR = None
FEED_TITLE = "Precis Test Feed"
FOLDER = "#rssyl/My Feeds//" + FEED_TITLE

ARTICLES = {
    "article1.html": (
        "Harbour town opens a tide-powered ferry line",
        "Coast Herald",
        [
            "The harbour town of Kelmouth opened a ferry line on Monday whose boats are charged by the tide that fills its old mill pond twice a day.",
            "The ferry carries up to forty passengers across the estuary to the railway station, a trip that took almost an hour by road before the line opened.",
            "Engineers rebuilt the mill pond sluice so that water running out on the ebb tide turns a turbine, which charges the batteries of the two ferry boats at the quay.",
            "The council said the tide turbine produces more electricity than the ferry boats need in summer, and that the surplus is sold to the local grid.",
            "Some residents worried that the turbine would harm the fish in the estuary, but a two-year study found no change in the number of young salmon.",
            "Tickets cost two pounds, and children under twelve travel free on the ferry during the first month of the service.",
            "The mayor said other harbour towns had already asked how the mill pond and its turbine were rebuilt, and that the plans would be published.",
        ],
    ),
    "article2.html": (
        "Village school wins award for its rooftop vegetable garden",
        "Valley Gazette",
        [
            "A primary school in the village of Ashcombe has won a national award for the vegetable garden its pupils built on the flat roof of the school hall.",
            "The garden grows potatoes, beans, lettuce and strawberries in raised beds made from old pallets donated by a builders' merchant in the next town.",
            "Pupils water the beds with rain collected from the gutters, and each class looks after its own bed from sowing in spring to harvest in autumn.",
            "The head teacher said the children now eat more vegetables at lunch because they grew many of them themselves.",
            "The judges praised the way the garden is used in lessons, from measuring the growth of bean plants to writing about the weather.",
            "The award comes with a prize of five thousand pounds, which the school plans to spend on a small greenhouse.",
            "Parents helped carry the soil up to the roof over two weekends last year, and several of them still come in to help with the watering in the holidays.",
        ],
    ),
    "broken.html": (
        "Mountain railway reopens after a winter of repairs",
        "Highland Times",
        [
            "The mountain railway above the town of Carnbeg reopened on Saturday after a winter in which its track was repaired along most of its length.",
            "Workers replaced more than two thousand sleepers and rebuilt a stone bridge that had been damaged by a landslide in the autumn storms.",
            "The railway carries walkers and skiers to a station near the summit, and it is one of the steepest in the country.",
            "Its owners said that bookings for the summer were already higher than last year, helped by a new timetable with early morning trains.",
            "The first train on Saturday was full, and passengers applauded the engineers who had worked through the snow to finish the repairs.",
            "A cafe at the summit station, closed during the works, will reopen next month with a new terrace.",
        ],
    ),
}

SLOW_TITLE = "A slow page that nobody waits for"
BINARY_TITLE = "A link to something that is not a page"
HUGE_TITLE = "A page far larger than the size cap"
FULLTEXT_TITLE = "Town library keeps its reading room open on Sundays"
FULLTEXT_PARAS = [
    "The town library board met on Tuesday evening to discuss the budget for the coming year, and members agreed that the reading room should stay open on Sunday afternoons during the winter months.",
    "The reading room was opened on Sundays last winter as a trial, and the librarians counted more than three hundred visitors on an ordinary Sunday in January.",
    "Many of the visitors were students preparing for examinations, who said the library was the only quiet and warm place where they could work at the weekend.",
    "Others came to read the newspapers, to use the computers, or to join the chess club that meets at the large table by the window.",
    "The board heard that keeping the room open costs about four hundred pounds a month, mostly for heating and for the wages of two staff.",
    "One member proposed closing the room at four o'clock instead of six to save money, but the proposal was rejected after a short debate.",
    "The board also approved the purchase of new shelves for the children's library, which has outgrown the space it was given ten years ago.",
    "A local charity has offered to pay for a series of talks on local history, to be held in the reading room on the first Sunday of each month.",
    "The first talk, about the old canal and the mills that once stood along it, will be given by a retired teacher who has written two books on the subject.",
    "The librarians said they hope to add an evening opening on Thursdays next year if the budget allows it.",
    "The board will meet again in March to review the figures for the winter and decide whether the Sunday opening should become permanent.",
    "Residents who want to comment on the plans can write to the board or speak at the public session at the start of its next meeting.",
]


class Fail(Exception):
    pass


def log(msg):
    print("# " + msg, flush=True)


def skip(msg):
    print("SKIP: " + msg, flush=True)
    sys.exit(77)


def article_page(title, site, paras, date="2026-03-14T09:30:00Z"):
    body = "".join("<p>%s</p>\n" % p for p in paras)
    return (
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>%s | %s</title>"
        "<meta property=\"og:site_name\" content=\"%s\">"
        "<meta property=\"article:published_time\" content=\"%s\">"
        "</head><body><header><nav><a href=\"/\">Home</a> "
        "<a href=\"/news\">News</a></nav></header><main><article>"
        "<h1>%s</h1>\n%s</article></main><footer><p>Copyright %s.</p>"
        "</footer></body></html>\n" % (title, site, site, date, title, body, site)
    )


def xml_escape(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def rss(items):
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
        "<channel><title>%s</title><link>http://127.0.0.1/</link>" % FEED_TITLE,
        "<description>Local feed for the precis e2e test</description>",
    ]
    for it in items:
        out.append("<item><title>%s</title><link>%s</link>"
                   '<guid isPermaLink="true">%s</guid>'
                   "<pubDate>%s</pubDate><description>%s</description>"
                   % (xml_escape(it["title"]), it["link"], it["link"], it["date"],
                      xml_escape(it["description"])))
        if it.get("content"):
            out[-1] += "<content:encoded>%s</content:encoded>" % xml_escape(it["content"])
        out[-1] += "</item>"
    out.append("</channel></rss>")
    return "\n".join(out) + "\n"


# ---- HTTP server ------------------------------------------------------------

class PyServer:
    """http.server on 127.0.0.1:0 serving a directory, logging paths."""

    def __init__(self, root):
        self.paths = []
        outer = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *a, **kw):
                super().__init__(*a, directory=root, **kw)

            def log_message(self, fmt, *args):
                outer.paths.append(self.path.split("?")[0])

            def do_GET(self):
                # precis-httpd's /slower-ok/F: F, taking about 5 s.
                if self.path.startswith("/slower-ok/"):
                    time.sleep(5.0)
                    self.path = self.path[len("/slower-ok"):]
                super().do_GET()

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass  # a client that hung up (a cancelled fetch)

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def count(self, path):
        return self.paths.count(path)

    def stop(self):
        self.httpd.shutdown()


class PrecisHttpd:
    """The fetch tests' precis-httpd: prints PORT <n>, logs 'GET /p ...'."""

    def __init__(self, exe, root, logfile):
        self.logfile = logfile
        self.proc = subprocess.Popen([exe, root, logfile], stdout=subprocess.PIPE,
                                     text=True)
        line = self.proc.stdout.readline()
        m = re.match(r"PORT (\d+)", line)
        if not m:
            raise Fail("precis-httpd did not print its port: %r" % line)
        self.port = int(m.group(1))

    def count(self, path):
        try:
            with open(self.logfile) as f:
                return sum(1 for l in f if l.split()[1:2] == [path])
        except OSError:
            return 0

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()


# ---- Claws under Xvfb ------------------------------------------------------

class Session:
    def __init__(self, args, work, plugin, theme=None):
        self.args = args
        self.work = work
        self.plugin = plugin
        self.theme = theme
        self.cfg = os.path.join(work, "cfg")
        self.home = os.path.join(work, "home")
        self.run = os.path.join(work, "run")
        self.out_path = os.path.join(work, "claws.out")
        self.err_path = os.path.join(work, "claws.err")
        self.xvfb = None
        self.claws = None
        self.claws_pid = None
        self.display = None

    def env(self):
        e = {k: v for k, v in os.environ.items()
             if not k.startswith(("XDG_", "DBUS_", "GTK_", "G_MESSAGES"))}
        e.update(HOME=self.home, XDG_RUNTIME_DIR=self.run,
                 DISPLAY=":%d" % self.display, NO_AT_BRIDGE="1",
                 G_MESSAGES_DEBUG="precis", LANG="C.UTF-8", LC_ALL="C.UTF-8",
                 GDK_BACKEND="x11")
        e.pop("WAYLAND_DISPLAY", None)
        if self.theme:
            e["GTK_THEME"] = self.theme
        return e

    def write_config(self, timeout=5):
        os.makedirs(self.cfg)
        os.makedirs(os.path.join(self.home, "Mail", "inbox"))
        os.makedirs(self.run, mode=0o700)
        with open(os.path.join(self.cfg, "accountrc"), "w") as f:
            f.write("[Account: 1]\nconfig_version=4\naccount_name=precis\n"
                    "is_default=1\nname=Precis Test\naddress=test@localhost\n"
                    "protocol=4\nsmtp_server=127.0.0.1\n\n")
        with open(os.path.join(self.cfg, "folderlist.xml"), "w") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                    '<folderlist config_version="4">\n'
                    '  <folder type="mh" name="Mailbox" path="%s" collapsed="0">\n'
                    '    <folderitem type="normal" name="Mailbox" path="" />\n'
                    '  </folder>\n</folderlist>\n'
                    % os.path.join(self.home, "Mail"))
        plugins = [os.path.join(PLUGINDIR, "rssyl.so")]
        if self.plugin:
            plugins.append(os.path.abspath(self.plugin))
        with open(os.path.join(self.cfg, "clawsrc"), "w") as f:
            f.write("[Common]\nconfig_version=4\nchk_on_startup=0\n"
                    "goto_last_folder_on_startup=0\nmainwin_x=0\nmainwin_y=0\n"
                    "mainwin_width=1280\nmainwin_height=900\n"
                    "mainview_x=0\nmainview_y=0\n"
                    "folderview_width=220\nsummaryview_height=180\n"
                    "show_msg_with_cursor_key=1\nalways_show_msg=1\nopen_selected_on_directional=1\n"
                    "warn_queued_on_exit=0\nconfirm_on_exit=0\nclean_trash_on_exit=0\n"
                    "ask_on_clean=0\n\n")
            f.write("[Plugins_GTK3]\n" + "\n".join(plugins) + "\n\n")
            f.write("[Precis]\ntimeout=%d\n\n" % timeout)
        # A plain (non-feed) message in the inbox.
        with open(os.path.join(self.home, "Mail", "inbox", "1"), "w") as f:
            f.write("From: Alice <alice@localhost>\nTo: test@localhost\n"
                    "Subject: Lunch on Friday\nDate: Fri, 27 Nov 2026 10:00:00 +0000\n"
                    "Message-ID: <lunch-1@localhost>\n"
                    "Content-Type: text/plain; charset=UTF-8\n\n"
                    "Shall we have lunch on Friday at the harbour cafe?\n")

    def start(self):
        # Xvfb picks a free display itself and writes its number to the pipe
        # once it accepts connections (no race with other X servers).
        rfd, wfd = os.pipe()
        self.xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(wfd), "-screen", "0", "1280x900x24",
             "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, pass_fds=(wfd,))
        os.close(wfd)
        with os.fdopen(rfd) as r:
            line = r.readline().strip()
        if not line.isdigit():
            raise Fail("Xvfb did not start")
        self.display = int(line)
        self.out = open(self.out_path, "w")
        self.err = open(self.err_path, "w")
        self.t_start = time.time()
        self.claws = subprocess.Popen(
            ["dbus-run-session", "--", "claws-mail",
             "--alternate-config-dir", self.cfg],
            env=self.env(), stdout=self.out, stderr=self.err,
            start_new_session=True)
        wait_until(self.find_claws_pid, 20, "claws-mail did not start")
        start_timeout = float(os.environ.get("PRECIS_E2E_START_TIMEOUT", "30"))
        wait_until(self.control_socket, start_timeout, "claws-mail control socket missing",
                   check=self.check_alive)

    def find_claws_pid(self):
        # dbus-run-session's child named claws-mail.
        for stat in glob.glob("/proc/[0-9]*/stat"):
            try:
                with open(stat) as f:
                    s = f.read()
            except OSError:
                continue
            comm = s[s.index("(") + 1:s.rindex(")")]
            ppid = int(s[s.rindex(")") + 2:].split()[1])
            if comm == "claws-mail" and ppid == self.claws.pid:
                self.claws_pid = int(stat.split("/")[2])
                return True
        return False

    def control_socket(self):
        d = os.path.join(self.run, "claws-mail")
        socks = glob.glob(os.path.join(d, "*"))
        return socks[0] if socks else None

    def check_alive(self):
        if self.claws.poll() is not None:
            raise Fail("claws-mail exited early (status %s): %s"
                       % (self.claws.returncode, tail(self.err_path)))
        err = read(self.err_path)
        if "plugin loading error" in err:
            raise Fail("a plugin failed to load: %s" % tail(self.err_path))
        if self.window_named("^Warning$"):
            raise Fail("Claws shows a Warning dialog: %s" % tail(self.err_path))

    def window_named(self, regex):
        r = subprocess.run(["xdotool", "search", "--name", regex],
                           env=self.env(), capture_output=True, text=True)
        return r.stdout.split()

    def send(self, line):
        path = self.control_socket()
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(path)
        s.sendall((line + "\n").encode())
        s.close()

    def claws_cmd(self, *args, timeout=20):
        subprocess.run(["claws-mail", "--alternate-config-dir", self.cfg] + list(args),
                       env=self.env(), stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=timeout)

    def select(self, ident):
        t = time.time()
        self.claws_cmd("--select", ident)
        return t

    def log_text(self):
        return read(self.out_path) + read(self.err_path)

    def screenshot(self, path):
        """import -window root, else xwd + convert; a missing tool only warns."""
        env = self.env()
        try:
            r = subprocess.run(["import", "-window", "root", path], env=env,
                               capture_output=True, timeout=30)
            if r.returncode != 0:
                raise OSError(r.stderr.decode(errors="replace").strip())
        except (OSError, subprocess.TimeoutExpired) as e:
            try:
                xwd = path + ".xwd"
                subprocess.run(["xwd", "-root", "-silent", "-out", xwd], env=env,
                               timeout=30, check=True)
                subprocess.run(["convert", xwd, path], timeout=30, check=True)
                os.unlink(xwd)
            except (OSError, subprocess.SubprocessError) as e2:
                log("no screenshot (%s; %s)" % (e, e2))
                return
        log("screenshot: " + path)

    def rss_kib(self):
        with open("/proc/%d/status" % self.claws_pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return None

    def quit(self, limit=30):
        t0 = time.time()
        self.claws_cmd("--exit", timeout=limit)
        try:
            rc = self.claws.wait(limit)
        except subprocess.TimeoutExpired:
            raise Fail("claws-mail did not exit within %d s after --exit" % limit)
        return rc, time.time() - t0

    def stop(self):
        if self.claws and self.claws.poll() is None:
            try:
                os.killpg(self.claws.pid, signal.SIGKILL)
            except OSError:
                pass
            self.claws.wait()
        if self.xvfb and self.xvfb.poll() is None:
            self.xvfb.terminate()
            try:
                self.xvfb.wait(5)
            except subprocess.TimeoutExpired:
                self.xvfb.kill()


def read(path):
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def tail(path, n=8):
    return " | ".join(read(path).strip().splitlines()[-n:])


def wait_until(pred, timeout, what, check=None, step=0.05):
    deadline = time.time() + timeout
    while time.time() < deadline:
        v = pred()
        if v:
            return v
        if check:
            check()
        time.sleep(step)
    raise Fail(what)


# ---- Log parsing -------------------------------------------------------------

SHOWN = re.compile(r"digest shown url=(\S+) cached=(\d) feed=(\d) ms=([\d.]+) "
                   r"n=(\d+) t=([\d.]+) title=(.*)$")
SENT = re.compile(r"digest sentence (\d+)/(\d+): (.*)$")


def digests(text):
    """Every digest shown, in order: dict(url, cached, feed, ms, t, title, sentences)."""
    out = []
    cur = None
    for line in text.splitlines():
        m = SHOWN.search(line)
        if m:
            cur = dict(url=m.group(1), cached=m.group(2) == "1",
                       feed=m.group(3) == "1", ms=float(m.group(4)),
                       n=int(m.group(5)), t=float(m.group(6)),
                       title=m.group(7), sentences=[])
            out.append(cur)
            continue
        m = SENT.search(line)
        if m and cur is not None:
            cur["sentences"].append(m.group(3))
    return out


def norm(s):
    return " ".join(s.split())


# ---- The scenario -------------------------------------------------------------

def item_numbers(cfg):
    """msgnum by subject, from RSSyl's item files."""
    d = os.path.join(cfg, "RSSyl", "My Feeds (RSSyl)", FEED_TITLE)
    nums = {}
    for p in glob.glob(os.path.join(d, "[0-9]*")):
        with open(p, errors="replace") as f:
            for line in f:
                if not line.strip():
                    break
                if line.startswith("Subject:"):
                    nums[line[8:].strip()] = int(os.path.basename(p))
    return nums


def message_digests(s):
    """SHA-256 of every message file (RSSyl items and the MH inbox)."""
    out = {}
    feed = os.path.join(s.cfg, "RSSyl", "My Feeds (RSSyl)", FEED_TITLE)
    inbox = os.path.join(s.home, "Mail", "inbox")
    for d in (feed, inbox):
        for p in glob.glob(os.path.join(d, "[0-9]*")):
            with open(p, "rb") as f:
                out[p] = hashlib.sha256(f.read()).hexdigest()
    return out


def start_server(args, www, work):
    if args.httpd and os.access(args.httpd, os.X_OK):
        return PrecisHttpd(args.httpd, www, os.path.join(work, "httpd.log"))
    return PyServer(www)


def subscribe(s, base, n_items):
    s.send("subscribe %s/feed.xml" % base)
    nums = wait_until(lambda: (lambda n: n if len(n) >= n_items else None)(item_numbers(s.cfg)),
                      60, "RSSyl did not store the feed's items", check=s.check_alive,
                      step=0.2)
    # Let Claws finish updating the folder before selecting in it.
    time.sleep(1.0)
    return nums


def wait_digest(s, url, since, timeout=30):
    """The first digest shown for @url after @since digests; fails on an error."""
    def find():
        text = s.log_text()
        for d in digests(text)[since:]:
            if d["url"] == url:
                return d
        m = re.search(r"digest error url=%s reason=(.*) t=" % re.escape(url), text)
        if m and text.count("digest error url=%s" % url) > s.errors_seen.get(url, 0):
            raise Fail("error shown for %s: %s" % (url, m.group(1)))
        return None
    return wait_until(find, timeout, "no digest shown for %s" % url, check=s.check_alive)


def check_article_digest(d, name, base):
    title, site, paras = ARTICLES[name]
    text = norm(" ".join(paras))
    others = norm(" ".join(" ".join(p) for n, (_, _, p) in ARTICLES.items() if n != name))
    if d["url"] != base + "/" + name:
        raise Fail("digest URL %s, expected %s" % (d["url"], base + "/" + name))
    if title not in d["title"]:
        raise Fail("digest title %r, expected %r" % (d["title"], title))
    if d["n"] != 3 or len(d["sentences"]) != 3:
        raise Fail("digest of %s has %d sentences, expected 3" % (name, d["n"]))
    for sent in d["sentences"]:
        if norm(sent) not in text:
            raise Fail("sentence not from %s: %r" % (name, sent))
        if norm(sent) in others:
            raise Fail("sentence of another article in %s: %r" % (name, sent))


def scenario(args, work, theme, shots, tag):
    www = os.path.join(work, "www")
    os.makedirs(www)
    server = start_server(args, www, work)
    base = "http://127.0.0.1:%d" % server.port
    for name in ("article1.html", "article2.html"):
        title, site, paras = ARTICLES[name]
        with open(os.path.join(www, name), "w") as f:
            f.write(article_page(title, site, paras))
    items = [
        dict(title=ARTICLES["article1.html"][0], link=base + "/article1.html",
             date="Sat, 14 Mar 2026 09:30:00 +0000",
             description="A ferry line charged by the tide opened on Monday."),
        dict(title=ARTICLES["article2.html"][0], link=base + "/article2.html",
             date="Fri, 13 Mar 2026 08:00:00 +0000",
             description="Pupils built a vegetable garden on the school roof."),
        dict(title=ARTICLES["broken.html"][0], link=base + "/broken.html",
             date="Thu, 12 Mar 2026 07:00:00 +0000",
             description="The railway reopened after repairs."),
        dict(title=FULLTEXT_TITLE, link=base + "/fulltext.html",
             date="Wed, 11 Mar 2026 18:00:00 +0000",
             description="The reading room stays open.",
             content="".join("<p>%s</p>" % p for p in FULLTEXT_PARAS)),
        dict(title=SLOW_TITLE, link=base + "/slower-ok/article2.html",
             date="Tue, 10 Mar 2026 18:00:00 +0000",
             description="A page that takes a second to arrive."),
        dict(title=BINARY_TITLE, link=base + "/noise.html",
             date="Mon, 09 Mar 2026 18:00:00 +0000",
             description="Random bytes served as HTML."),
        dict(title=HUGE_TITLE, link=base + "/huge.html",
             date="Sun, 08 Mar 2026 18:00:00 +0000",
             description="Six megabytes of markup."),
    ]
    # Hostile pages: random bytes as text/html, and a page over the default
    # 4 MiB cap.  Claws must survive both and show the error state.
    import random
    rnd = random.Random(5)
    with open(os.path.join(www, "noise.html"), "wb") as f:
        f.write(bytes(rnd.getrandbits(8) for _ in range(200000)))
    with open(os.path.join(www, "huge.html"), "w") as f:
        f.write("<html><body>" + "<div><p>word word word.</p></div>" * 200000
                + "</body></html>")
    with open(os.path.join(www, "feed.xml"), "w") as f:
        f.write(rss(items))

    s = Session(args, work, args.plugin, theme)
    s.errors_seen = {}
    s.write_config()
    try:
        s.start()
        wait_until(lambda: "plugin_init ok" in s.log_text(), 20,
                   "precis did not log plugin_init", check=s.check_alive)
        nums = subscribe(s, base, len(items))
        log("%s: items %s" % (tag, nums))
        before = message_digests(s)

        # 1. An item: the digest of its article.
        n0 = len(digests(s.log_text()))
        s.select("%s/%d" % (FOLDER, nums[items[0]["title"]]))
        d1 = wait_digest(s, base + "/article1.html", n0)
        check_article_digest(d1, "article1.html", base)
        if d1["cached"]:
            raise Fail("first digest claims to come from the cache")
        log("%s: article1 digest in %.1f ms: %s" % (tag, d1["ms"], d1["sentences"]))
        time.sleep(0.5)
        s.screenshot(os.path.join(shots, "claws-%s-digest.png" % tag))

        # 2. Another item, then the first again: from the cache.
        n0 = len(digests(s.log_text()))
        s.select("%s/%d" % (FOLDER, nums[items[1]["title"]]))
        d2 = wait_digest(s, base + "/article2.html", n0)
        check_article_digest(d2, "article2.html", base)
        n0 = len(digests(s.log_text()))
        s.select("%s/%d" % (FOLDER, nums[items[0]["title"]]))
        d1b = wait_digest(s, base + "/article1.html", n0)
        if not d1b["cached"] or d1b["sentences"] != d1["sentences"]:
            raise Fail("reopening article1 was not served from the cache")
        if server.count("/article1.html") != 1:
            raise Fail("article1 fetched %d times" % server.count("/article1.html"))
        log("%s: article1 again from the cache in %.1f ms" % (tag, d1b["ms"]))

        # 2b. Moving on before a slow page arrives cancels its work, and its
        # digest never replaces the one on screen.
        slow = base + "/slower-ok/article2.html"
        s.select("%s/%d" % (FOLDER, nums[SLOW_TITLE]))
        wait_until(lambda: "item selected %s/%d" % (FOLDER, nums[SLOW_TITLE]) in s.log_text(),
                   10, "the slow item was not selected", check=s.check_alive)
        time.sleep(0.3)  # let GTK draw the working state (the page takes 5 s)
        s.screenshot(os.path.join(shots, "claws-%s-working.png" % tag))
        n0 = len(digests(s.log_text()))
        s.select("%s/%d" % (FOLDER, nums[items[0]["title"]]))
        wait_digest(s, base + "/article1.html", n0)
        wait_until(lambda: "digest cancelled url=%s" % slow in s.log_text(), 10,
                   "the slow page's work was not cancelled", check=s.check_alive)
        time.sleep(1.5)
        if any(d["url"] == slow for d in digests(s.log_text())):
            raise Fail("a stale digest was shown for the slow page")
        log("%s: moving on cancelled the slow page's work" % tag)

        # 3. Full text in the feed: no request for its link.
        n0 = len(digests(s.log_text()))
        s.select("%s/%d" % (FOLDER, nums[FULLTEXT_TITLE]))
        d4 = wait_digest(s, base + "/fulltext.html", n0)
        if not d4["feed"] or server.count("/fulltext.html") != 0:
            raise Fail("the full-text item was not summarized from the feed text")
        full = norm(" ".join(FULLTEXT_PARAS))
        for sent in d4["sentences"]:
            if norm(sent) not in full:
                raise Fail("full-text sentence not from the feed: %r" % sent)
        log("%s: full-text item summarized from the feed (%d sentences)"
            % (tag, len(d4["sentences"])))

        # 4. A broken link: the error state, then Retry once the page is back.
        broken = base + "/broken.html"
        s.select("%s/%d" % (FOLDER, nums[items[2]["title"]]))
        wait_until(lambda: "digest error url=%s" % broken in s.log_text(), 30,
                   "no error shown for the broken link", check=s.check_alive)
        s.errors_seen[broken] = 1
        pos = wait_until(lambda: re.findall(r"retry button at (\d+),(\d+)", s.log_text()),
                         10, "the Retry button was not drawn", check=s.check_alive)
        x, y = pos[-1]
        time.sleep(0.3)
        s.screenshot(os.path.join(shots, "claws-%s-error.png" % tag))
        title, site, paras = ARTICLES["broken.html"]
        with open(os.path.join(www, "broken.html"), "w") as f:
            f.write(article_page(title, site, paras))
        n0 = len(digests(s.log_text()))
        subprocess.run(["xdotool", "mousemove", x, y, "click", "1"], env=s.env(),
                       check=True, timeout=10)
        wait_until(lambda: "retry url=%s" % broken in s.log_text(), 10,
                   "clicking Retry did nothing", check=s.check_alive)
        d3 = wait_digest(s, broken, n0)
        check_article_digest(d3, "broken.html", base)
        log("%s: Retry after the page came back: digest shown" % tag)

        # 4b. Hostile pages: an error state, and Claws lives on.
        for title, path in ((BINARY_TITLE, "/noise.html"), (HUGE_TITLE, "/huge.html")):
            url = base + path
            s.select("%s/%d" % (FOLDER, nums[title]))
            m = wait_until(lambda: re.search(r"digest error url=%s reason=(.*) t="
                                             % re.escape(url), s.log_text()),
                           30, "no error state for %s" % path, check=s.check_alive)
            log("%s: %s -> error state: %s" % (tag, path, m.group(1)))

        # 5. Another folder opened with no message selected: Claws clears the
        # message view without a hook; the box goes with the body.
        s.select("#mh/Mailbox/inbox")
        wait_until(lambda: "digest box hidden: message view cleared" in s.log_text(),
                   20, "the digest stayed up after the message view was cleared",
                   check=s.check_alive)
        log("%s: folder without a selected message: box hidden" % tag)

        # 6. A message that is not a feed item: no box.
        n0 = len(digests(s.log_text()))
        s.select("#mh/Mailbox/inbox/1")
        wait_until(lambda: re.search(r"no digest: not a feed item \(#mh/Mailbox/inbox/1\)",
                                     s.log_text()), 20,
                   "the plain message was not recognised as not a feed item",
                   check=s.check_alive)
        time.sleep(0.5)
        if len(digests(s.log_text())) != n0:
            raise Fail("a digest was shown for a plain message")
        s.screenshot(os.path.join(shots, "claws-%s-plain.png" % tag))
        log("%s: plain message: no box" % tag)

        # 7. Back to a feed item, then to the slow one
        n0 = len(digests(s.log_text()))
        s.select("%s/%d" % (FOLDER, nums[items[1]["title"]]))
        wait_digest(s, base + "/article2.html", n0)
        # ... and quit while the slow page is being fetched: plugin_done
        # cancels it and waits for the worker.
        s.select("%s/%d" % (FOLDER, nums[SLOW_TITLE]))
        time.sleep(0.2)
        rc, secs = s.quit()
        text = s.log_text()
        if message_digests(s) != before:
            raise Fail("a message file changed while precis was loaded")
        if rc != 0:
            raise Fail("claws-mail exited with status %d" % rc)
        if "plugin_done clean" not in text:
            raise Fail("plugin_done did not finish cleanly")
        for bad in ("Segmentation", "Aborted", "AddressSanitizer",
                    "precis-CRITICAL", "precis-WARNING", "Gtk-CRITICAL",
                    "GLib-CRITICAL", "GLib-GObject-CRITICAL"):
            if bad in text:
                raise Fail("%s in Claws' output: %s" % (bad, tail(s.err_path)))
        log("%s: clean exit in %.2f s" % (tag, secs))
    finally:
        s.stop()
        server.stop()


# ---- Figures ------------------------------------------------------------------

WORDS = ("river bridge council market school harbour train station museum "
         "garden library festival road village town team match season budget "
         "report water energy farm price weather storm hospital doctor "
         "teacher student worker engineer mayor resident visitor ticket plan "
         "study project year month week morning evening summer winter").split()


def gen_article(i):
    import random
    rnd = random.Random(i)
    paras = []
    for _ in range(8):
        sents = []
        for _ in range(3):
            w = [rnd.choice(WORDS) for _ in range(rnd.randint(12, 22))]
            sents.append("The " + " ".join(w) + ".")
        paras.append(" ".join(sents))
    return "Story number %d about the %s" % (i, rnd.choice(WORDS)), paras


def bench(args, root, n, with_plugin):
    work = os.path.join(root, "bench-%s" % ("with" if with_plugin else "without"))
    shutil.rmtree(work, ignore_errors=True)
    www = os.path.join(work, "www")
    os.makedirs(www)
    server = start_server(args, www, work)
    base = "http://127.0.0.1:%d" % server.port
    items = []
    for i in range(1, n + 1):
        title, paras = gen_article(i)
        with open(os.path.join(www, "a%d.html" % i), "w") as f:
            f.write(article_page(title, "Bench Site", paras))
        items.append(dict(title=title, link="%s/a%d.html" % (base, i),
                          date="Sat, 14 Mar 2026 09:30:00 +0000",
                          description="Item %d." % i))
    with open(os.path.join(www, "feed.xml"), "w") as f:
        f.write(rss(items))
    s = Session(args, work, args.plugin if with_plugin else None)
    s.errors_seen = {}
    s.write_config(timeout=10)
    result = {}
    try:
        s.start()
        if with_plugin:
            wait_until(lambda: "plugin_init ok" in s.log_text(), 20, "no plugin_init",
                       check=s.check_alive)
        nums = subscribe(s, base, n)
        time.sleep(2)
        rss0 = s.rss_kib()
        # Each item is selected with `claws-mail --select` (a second process
        # that forwards the request over the control socket).  Latencies:
        # hook -> shown (the plugin's own ms), and the select command's start
        # (wall clock) -> the "digest shown" line, which adds the client's
        # start-up and Claws' own display of the message.
        rounds = ((("uncached", False), ("cached", True)) if with_plugin
                  else (("plain", False),))
        for name, cached in rounds:
            lat_plugin, lat_select = [], []
            for k, it in enumerate(items):
                if k and k % 50 == 0:
                    result.setdefault("rss_steps", []).append((name, k, s.rss_kib()))
                n0 = len(digests(s.log_text()))
                t_sel = s.select("%s/%d" % (FOLDER, nums[it["title"]]))
                if with_plugin:
                    d = wait_digest(s, it["link"], n0)
                    if d["cached"] != cached:
                        raise Fail("item %s: cached=%s, expected %s"
                                   % (it["link"], d["cached"], cached))
                    lat_plugin.append(d["ms"])
                    lat_select.append((d["t"] - t_sel) * 1000.0)
                else:
                    time.sleep(0.15)
            if with_plugin:
                result[name] = (lat_plugin, lat_select)
            result.setdefault("rss_rounds", []).append((name, s.rss_kib()))
        time.sleep(1)
        result["rss_before_kib"] = rss0
        result["rss_after_kib"] = s.rss_kib()
        rc, secs = s.quit()
        result["exit"] = (rc, secs)
    finally:
        s.stop()
        server.stop()
    return result


def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))]


def run_bench(args):
    n = args.bench
    with_p = bench(args, args.workdir, n, True)
    for name in ("uncached", "cached"):
        lp, ls = with_p[name]
        print("latency %s (n=%d): hook->shown median %.1f ms p90 %.1f ms max %.1f ms; "
              "select command->shown median %.1f ms p90 %.1f ms"
              % (name, len(lp), statistics.median(lp), pct(lp, 90), max(lp),
                 statistics.median(ls), pct(ls, 90)))
    print("VmRSS with plugin: %d KiB after subscribing, %d KiB after %d items x2"
          % (with_p["rss_before_kib"], with_p["rss_after_kib"], n))
    print("VmRSS with plugin every 50 items: %s"
          % ", ".join("%s@%d %d KiB" % r for r in with_p.get("rss_steps", [])))
    print("VmRSS by round with plugin: %s"
          % ", ".join("%s %d KiB" % r for r in with_p["rss_rounds"]))
    print("exit with plugin: status %d in %.2f s" % with_p["exit"])
    if args.bench_plugin_only:
        return 0
    without = bench(args, args.workdir, n, False)
    print("VmRSS without plugin: %d KiB after subscribing, %d KiB after %d items"
          % (without["rss_before_kib"], without["rss_after_kib"], n))
    print("VmRSS without plugin every 50 items: %s"
          % ", ".join("%s@%d %d KiB" % r for r in without.get("rss_steps", [])))
    print("exit without plugin: status %d in %.2f s" % without["exit"])
    return 0


def main():
    global PLUGINDIR
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plugin", required=True, help="precis.so to test")
    ap.add_argument("--workdir", required=True, help="scratch directory (emptied)")
    ap.add_argument("--httpd", help="precis-httpd executable (else Python's server)")
    ap.add_argument("--shots", help="where to save screenshots (default: workdir)")
    ap.add_argument("--themes", default="default,Adwaita:dark",
                    help="comma-separated GTK themes to run the scenario with")
    ap.add_argument("--bench", type=int, metavar="N",
                    help="measure latency and memory over N items instead")
    ap.add_argument("--bench-plugin-only", action="store_true",
                    help="with --bench: skip the run without the plugin")
    args = ap.parse_args()

    # Skipped only without Xvfb or Claws Mail; anything else missing is a
    # broken test machine and fails loudly.
    for tool in ("Xvfb", "claws-mail"):
        if shutil.which(tool) is None:
            skip("%s is not installed" % tool)
    for tool in ("dbus-run-session", "xdotool", "pkg-config"):
        if shutil.which(tool) is None:
            print("FAIL: %s is not installed (needed with Xvfb and claws-mail)" % tool)
            return 1
    try:
        PLUGINDIR = subprocess.run(["pkg-config", "--variable=plugindir", "claws-mail"],
                                   capture_output=True, text=True).stdout.strip()
    except OSError:
        PLUGINDIR = ""
    if not PLUGINDIR or not os.path.exists(os.path.join(PLUGINDIR, "rssyl.so")):
        PLUGINDIR = "/usr/lib/x86_64-linux-gnu/claws-mail/plugins"
        if not os.path.exists(os.path.join(PLUGINDIR, "rssyl.so")):
            print("FAIL: RSSyl (claws-mail-feeds-reader) is not installed")
            return 1
    if not os.path.exists(args.plugin):
        print("FAIL: no plugin at %s" % args.plugin)
        return 1

    shutil.rmtree(args.workdir, ignore_errors=True)
    os.makedirs(args.workdir)
    shots = args.shots or args.workdir
    os.makedirs(shots, exist_ok=True)
    try:
        if args.bench:
            return run_bench(args)
        for i, theme in enumerate(t for t in args.themes.split(",") if t):
            tag = "light" if theme == "default" else re.sub(r"\W+", "-", theme).lower()
            work = os.path.join(args.workdir, tag)
            log("scenario with theme %s" % theme)
            scenario(args, work, None if theme == "default" else theme, shots, tag)
    except Fail as e:
        print("FAIL: %s" % e, flush=True)
        return 1
    print("PASS", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
