#!/usr/bin/python3
"""The web pages as their users meet them: a real node (chaindesk-server --demo), a real browser (Debian's
chromium, headless, driven over its DevTools protocol) and the real command-line client beside it.

    /usr/bin/python3 Tools/checks/dashboard.py --bin .build/debug [--screenshots DIR]

It checks that
  - a browser without a session is sent to the sign-in page, and lands on the page it asked for after signing in;
  - the 驾驶舱's figures for 2026-10 equal `chaindesk report cumulative --year 2026 --month 10 --json`;
  - its XLSX export, read by openpyxl, has numeric cells and totals equal to the report, is byte for byte the
    workbook `chaindesk report cumulative --format xlsx` writes, and its CSV export has a BOM and the same totals;
  - a form posted without its CSRF token is refused, and so is a leader's attempt to verify a signing;
  - a director's verification through the page's button takes effect;
  - a period closed on the page keeps its figures after a back-dated signing is added and verified, in the page
    and in `chaindesk report cumulative`, and the page and `chaindesk report period` show the attributed difference;
  - /metrics parses as Prometheus text (prometheus_client) and counts the calls the pages made;
and writes a PNG screenshot of every page to DIR (a temporary folder when not given), listing them at the end.
Debian packages: chromium, python3-websocket, python3-prometheus-client, python3-openpyxl (installed by .ci/run).
"""
import argparse
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import openpyxl
import websocket
from prometheus_client.parser import text_string_to_metric_families

PERIOD = "2026-10"  # the demo office's reported period (the seed article's 1–10月)


def fail(message):
    print(f"dashboard check FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def wait_for(predicate, what, seconds=20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    fail(f"timed out waiting for {what}")


class Node:
    """chaindesk-server with the demo office, RPC and web on free ports."""

    def __init__(self, bin_dir, folder):
        self.out = open(os.path.join(folder, "node.out"), "w+")
        self.err = open(os.path.join(folder, "node.err"), "w+")
        self.process = subprocess.Popen(
            [os.path.join(bin_dir, "chaindesk-server"), "--port", "0", "--web-port", "0", "--demo",
             "--data-dir", os.path.join(folder, "data")],
            stdout=self.out, stderr=self.err)

        def started():
            self.out.seek(0)
            text = self.out.read()
            return text if "web on" in text and "listening on" in text else None

        text = wait_for(started, "the node to start")
        self.rpc = re.search(r"listening on (\S+)", text).group(1)
        self.web = re.search(r"web on (http://\S+?)/?\n", text).group(1)
        self.password = re.search(r"leadership\), aftercare; all with\s+password: (\S+)", text).group(1)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)


class Browser:
    """Headless chromium, one tab, spoken to over the DevTools protocol."""

    def __init__(self, folder):
        profile = os.path.join(folder, "profile")
        self.process = subprocess.Popen(
            ["chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--remote-debugging-port=0", f"--user-data-dir={profile}", "--window-size=1280,900",
             "--lang=zh-CN", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(profile, "DevToolsActivePort")
        wait_for(lambda: os.path.exists(port_file) and open(port_file).read().count("\n") >= 1,
                 "chromium's DevTools port")
        port = open(port_file).read().split("\n")[0]
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
        page = next(t for t in targets if t["type"] == "page")
        self.socket = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30)
        self.next_id = 0
        self.send("Page.enable")
        self.send("Network.enable")

    def send(self, method, **params):
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    fail(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            fail(f"script failed: {expression[:80]}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def settle(self):
        """Waits until the document that a navigation or a form post brought has loaded."""
        wait_for(lambda: self.evaluate("window.__checked === undefined && document.readyState === 'complete'"),
                 "the page to load")

    def go(self, url):
        self.evaluate("window.__checked = true")
        self.send("Page.navigate", url=url)
        self.settle()

    def submit(self, script):
        """Runs a script that submits a form, then waits for the answer's page."""
        self.evaluate("window.__checked = true; " + script)
        self.settle()

    @property
    def url(self):
        return self.evaluate("location.href")

    def text(self, selector):
        return self.evaluate(f"(document.querySelector({json.dumps(selector)}) || {{}}).textContent || ''")

    def screenshot(self, path):
        height = self.evaluate("document.documentElement.scrollHeight")
        self.send("Emulation.setDeviceMetricsOverride", width=1280, height=max(600, min(int(height), 4000)),
                  deviceScaleFactor=1, mobile=False)
        data = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
        with open(path, "wb") as file:
            file.write(base64.b64decode(data))

    def close(self):
        self.socket.close()
        self.process.terminate()
        self.process.wait(timeout=20)


def sign_in(browser, node, username, target):
    browser.go(node.web + target)
    if "/sign-in" not in browser.url:
        fail(f"a browser without a session was not sent to sign in from {target} (at {browser.url})")
    browser.submit(
        f"document.querySelector('input[name=username]').value = {json.dumps(username)};"
        f"document.querySelector('input[name=password]').value = {json.dumps(node.password)};"
        "document.querySelector('form.sign-in').requestSubmit();")
    if not browser.url.endswith(target):
        fail(f"{username} signed in but landed on {browser.url}, not {target}")


def sign_out(browser):
    browser.submit("document.querySelector('form[action=\"/sign-out\"]').requestSubmit();")
    if "/sign-in" not in browser.url:
        fail(f"signing out did not lead to the sign-in page (at {browser.url})")


def post_form(browser, action, fields):
    """Posts a form the page does not have, as a forged or hand-made request would."""
    inputs = "".join(
        f"i = document.createElement('input'); i.type = 'hidden'; i.name = {json.dumps(k)};"
        f" i.value = {json.dumps(v)}; f.appendChild(i);" for k, v in fields.items())
    browser.submit(
        f"let f = document.createElement('form'); f.method = 'post'; f.action = {json.dumps(action)}; let i;"
        f"{inputs} document.body.appendChild(f); f.submit();")


def cli_report(bin_dir, node, folder, *extra):
    """`chaindesk report cumulative` for PERIOD, signed in as the director; JSON unless `extra` says otherwise."""
    env = dict(os.environ, CHAINDESK_CONFIG_DIR=os.path.join(folder, "cli"), CHAINDESK_SERVER=node.rpc,
               CHAINDESK_LANG="zh")
    cli = os.path.join(bin_dir, "chaindesk")
    if not os.path.exists(os.path.join(folder, "cli", "session.json")):
        subprocess.run([cli, "login", "--user", "director", "--password-stdin", "--no-sync"], input=node.password,
                       text=True, env=env, check=True, stdout=subprocess.DEVNULL)
    year, month = PERIOD.split("-")
    out = subprocess.run([cli, "report", "cumulative", "--year", year, "--month", str(int(month))]
                         + (list(extra) or ["--json"]), text=True, env=env, check=True, capture_output=True).stdout
    return out if extra else json.loads(out)


def cli(bin_dir, folder, node, *arguments):
    """The command line as the signed-in director (cli_report signs in first)."""
    env = dict(os.environ, CHAINDESK_CONFIG_DIR=os.path.join(folder, "cli"), CHAINDESK_SERVER=node.rpc,
               CHAINDESK_LANG="zh")
    return subprocess.run([os.path.join(bin_dir, "chaindesk"), *arguments], text=True, env=env, check=True,
                          capture_output=True).stdout


def download(browser, url):
    """What the signed-in browser would download from `url`: fetched with the browser's own cookies."""
    cookies = browser.send("Network.getCookies", urls=[url])["cookies"]
    request = urllib.request.Request(url, headers={"Cookie": "; ".join(f"{c['name']}={c['value']}" for c in cookies)})
    with urllib.request.urlopen(request) as answer:
        return answer.headers.get("Content-Type"), answer.read()


def check_workbook(path, report):
    """An independent reader's view of the cumulative workbook against the RPC report."""
    book = openpyxl.load_workbook(path)
    if len(book.worksheets) != 1:
        fail(f"{path}: {len(book.worksheets)} sheets, expected 1")
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    projects = report.get("projects", [])
    body, totals = rows[:-1], rows[-1]
    shown = [(r[0], r[3]) for r in body]
    expected = [(p["id"], int(p.get("investment_yuan", 0))) for p in projects]
    if shown != expected:
        fail(f"{path}: rows {shown} but the report has {expected}")
    if not all(isinstance(r[3], int) for r in body):
        fail(f"{path}: the investment cells are not numbers: {[type(r[3]).__name__ for r in body]}")
    total = int(report.get("total_yuan", 0))
    if totals[2] != len(projects) or totals[3] != total or sum(r[3] for r in body) != total:
        fail(f"{path}: totals {totals} against {len(projects)} projects and {total} yuan")
    number_format = sheet.cell(row=2, column=4).number_format
    if "亿元" not in number_format or "万元" not in number_format:
        fail(f"{path}: yuan cells are formatted {number_format!r}, without 亿元/万元")
    return len(projects)


def check_dashboard(browser, report):
    shown = browser.evaluate("""(() => {
        const row = document.querySelector('#cumulative tbody tr');
        return {
          sentence: document.querySelector('#sentence').textContent,
          count: Number(row.querySelector('[data-count]').dataset.count),
          total: Number(row.querySelector('[data-yuan]').dataset.yuan),
          projects: [...document.querySelectorAll('#major-projects tbody tr[data-id]')].map(r => ({
            id: r.dataset.id, yuan: Number(r.querySelector('[data-yuan]').dataset.yuan) })),
          footer: Number(document.querySelector('#major-projects tfoot [data-yuan]').dataset.yuan),
        };
    })()""")
    projects = report.get("projects", [])
    total = int(report.get("total_yuan", 0))  # 64-bit integers are strings in protobuf's JSON
    expected = {
        "sentence": report["sentence"],
        "count": len(projects),
        "total": total,
        "projects": [{"id": p["id"], "yuan": int(p.get("investment_yuan", 0))} for p in projects],
        "footer": total,
    }
    if shown != expected:
        fail(f"the 驾驶舱 shows {json.dumps(shown, ensure_ascii=False)}\n"
             f"but the RPC report says {json.dumps(expected, ensure_ascii=False)}")
    return len(projects), expected["total"]


def check_metrics(node):
    text = urllib.request.urlopen(node.web + "/metrics").read().decode()
    families = {family.name: family for family in text_string_to_metric_families(text)}
    calls = families.get("chaindesk_calls")
    if calls is None:
        fail(f"/metrics has no chaindesk_calls_total; it has {sorted(families)}")
    methods = {(s.labels.get("method"), s.labels.get("status")) for s in calls.samples}
    for wanted in [("chaindesk.v1.Reports/Cumulative", "OK"), ("chaindesk.v1.Projects/VerifySigning", "PERMISSION_DENIED"),
                   ("chaindesk.v1.Projects/VerifySigning", "OK")]:
        if wanted not in methods:
            fail(f"/metrics does not count {wanted}: {sorted(methods)}")
    for family in ["chaindesk_sign_ins", "chaindesk_call_duration_seconds", "chaindesk_connections_open",
                   "chaindesk_wire_bytes", "chaindesk_compression_ratio", "chaindesk_store_commit_batch_size"]:
        if family not in families:
            fail(f"/metrics has no {family}; it has {sorted(families)}")
    received = [s.value for s in families["chaindesk_wire_bytes"].samples
                if s.labels.get("direction") == "received" and s.name.endswith("_total")]
    if not received or received[0] <= 0:
        fail(f"/metrics counts no bytes received over RPC: {families['chaindesk_wire_bytes'].samples}")
    return len(families)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", required=True, help="the folder with chaindesk-server and chaindesk")
    parser.add_argument("--screenshots", help="where the PNGs go (default: a temporary folder)")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="chaindesk-dashboard-")
    shots = args.screenshots or os.path.join(folder, "screenshots")
    os.makedirs(shots, exist_ok=True)
    node = Node(args.bin, folder)
    browser = Browser(folder)
    written = []

    def shoot(name):
        path = os.path.join(shots, f"{name}.png")
        browser.screenshot(path)
        written.append(path)

    try:
        # A director: the 驾驶舱 for the seed's period, its figures against the RPC report's.
        browser.go(node.web + "/")
        shoot("sign-in")
        sign_in(browser, node, "director", f"/?period={PERIOD}")
        report = cli_report(args.bin, node, folder)
        count, total = check_dashboard(browser, report)
        shoot("dashboard")

        # The page's XLSX and CSV, and the command line's, say the same as the report.
        content_type, page_book = download(browser, node.web + f"/reports/cumulative.xlsx?period={PERIOD}")
        if "spreadsheetml" not in content_type:
            fail(f"the XLSX export came as {content_type}")
        with open(os.path.join(folder, "page.xlsx"), "wb") as file:
            file.write(page_book)
        check_workbook(os.path.join(folder, "page.xlsx"), report)
        cli_book = os.path.join(folder, "cli.xlsx")
        cli_report(args.bin, node, folder, "--format", "xlsx", "--output", cli_book)
        check_workbook(cli_book, report)
        if open(cli_book, "rb").read() != page_book:
            fail("the command line's workbook differs from the page's")
        _, page_csv = download(browser, node.web + f"/reports/cumulative.csv?period={PERIOD}")
        lines = page_csv.decode("utf-8").splitlines()
        if not page_csv.startswith(b"\xef\xbb\xbf") or not lines[-1].endswith(f",{count},{total}"):
            fail(f"the CSV export has no BOM or a wrong totals line: {lines[-1]!r}")
        browser.go(node.web + f"/?period={PERIOD}&lang=en")
        shoot("dashboard-en")
        browser.go(node.web + "/funnel?lang=zh")
        shoot("funnel")
        for name, path in [("industry-map", "/map"), ("referrals", "/referrals"), ("aftercare", "/aftercare"),
                           ("activity", "/activity"), ("search", "/enterprises?q=%E8%B1%AA%E9%A1%BA")]:
            browser.go(node.web + path)
            if browser.text("main .problem"):
                fail(f"{path} answered a problem: {browser.text('main')[:200]}")
            shoot(name)
        browser.submit("document.querySelector('#hits a').click();")
        if "豪顺" not in browser.text("h1"):
            fail(f"search did not lead to the enterprise's page: {browser.url}")
        shoot("enterprise")

        # A form without its token is refused and changes nothing.
        browser.go(node.web + "/")
        awaiting = browser.evaluate("[...document.querySelectorAll('#awaiting tr[data-id]')].map(r => r.dataset.id)")
        if not awaiting:
            fail("the demo office shows no signing awaiting verification")
        post_form(browser, f"/projects/{awaiting[0]}/verify", {"version": "0"})
        if "403" not in browser.text("main .problem"):
            fail(f"a form without its CSRF token was not refused: {browser.text('main')[:200]}")
        shoot("refused-without-token")
        browser.go(node.web + "/")
        still = browser.evaluate("[...document.querySelectorAll('#awaiting tr[data-id]')].map(r => r.dataset.id)")
        if still != awaiting:
            fail("a refused form changed the signings awaiting verification")
        sign_out(browser)

        # A leader reads everything and changes nothing: no button, and a hand-made post is refused by role.
        sign_in(browser, node, "leader", "/")
        if browser.evaluate("document.querySelectorAll('#awaiting form').length") != 0:
            fail("the leader is offered a verify button")
        token = browser.evaluate("document.querySelector('form[action=\"/sign-out\"] input[name=csrf]').value")
        post_form(browser, f"/projects/{awaiting[0]}/verify", {"csrf": token, "version": "0"})
        refusal = browser.text("main .problem")
        if "403" not in refusal or "leadership may not" not in refusal:
            fail(f"the leader's verification was not refused by role: {refusal[:200]}")
        shoot("refused-leader")
        sign_out(browser)

        # The director verifies through the page's own button; the signing leaves the list.
        sign_in(browser, node, "director", "/")
        browser.submit(f"document.querySelector('#awaiting tr[data-id=\"{awaiting[0]}\"] form').requestSubmit();")
        after = browser.evaluate("[...document.querySelectorAll('#awaiting tr[data-id]')].map(r => r.dataset.id)")
        if awaiting[0] in after:
            fail(f"the director's verification of {awaiting[0]} did not take effect")

        # The director closes 2026-10 on the page; a back-dated signing is then added and verified (from the command
        # line), and the closed figures stay as they were, with the difference shown and attributed.
        browser.go(node.web + f"/?period={PERIOD}")
        if browser.evaluate("document.querySelector('#closed, #since-closing') !== null"):
            fail("an open period shows a closing or a difference since closing")
        browser.submit("document.querySelector('form[action$=\"/close\"] input[name=note]').value = '报区委';"
                       "document.querySelector('form[action$=\"/close\"]').requestSubmit();")
        if "报区委" not in browser.text("#closed"):
            fail(f"closing {PERIOD} on the page shows no closing: {browser.text('main')[:300]}")
        year, month = PERIOD.split("-")
        cli(args.bin, folder, node, "project", "add", "豪顺", "补录签约项目", "--planned", "3亿", "--stage", "siteVisit",
            "--since", f"{year}-09-01")
        cli(args.bin, folder, node, "project", "advance", "补录签约项目", "negotiation", "--on", f"{year}-10-01",
            "--evidence", "洽谈纪要")
        cli(args.bin, folder, node, "project", "advance", "补录签约项目", "signed", "--on", f"{year}-10-20",
            "--evidence", "合同")
        cli(args.bin, folder, node, "project", "verify", "补录签约项目")
        browser.go(node.web + f"/?period={PERIOD}")
        check_dashboard(browser, report)  # the figures as closed, not as the records say now
        difference = browser.evaluate("""[...document.querySelectorAll('#differences tr[data-id]')].map(r =>
            r.textContent.replace(/\\s+/g, ' ').trim())""")
        if len(difference) != 1 or "补录签约项目" not in difference[0] or "新增" not in difference[0] \
                or "director" not in difference[0]:
            fail(f"the difference since closing is not shown as one attributed addition: {difference}")
        shoot("dashboard-closed")
        figures = json.loads(cli(args.bin, folder, node, "report", "period", "--year", year, "--month",
                                 str(int(month)), "--json"))
        if figures.get("count_difference") != 1 or int(figures["closed_report"].get("total_yuan", 0)) != total:
            fail(f"chaindesk report period disagrees with the page: {json.dumps(figures, ensure_ascii=False)[:400]}")
        if cli_report(args.bin, node, folder)["projects"] != report["projects"]:
            fail("chaindesk report cumulative no longer answers the closed figures")

        families = check_metrics(node)
    finally:
        browser.close()
        node.stop()
    print(f"dashboard check: 驾驶舱 {PERIOD} shows {count} major projects, {total} yuan, as the RPC report; "
          f"the page's and the CLI's XLSX (openpyxl) and CSV agree; CSRF and role refusals hold; "
          f"/metrics parses ({families} families)")
    print("screenshots:\n  " + "\n  ".join(written))
    if not args.screenshots:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
