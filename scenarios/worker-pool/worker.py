#!/usr/bin/env python3
"""A poolbench worker process: line-delimited JSON over stdin/stdout.

Start-up: sleeps --init-ms (standing in for heavy imports), then prints {"ready": true, ...}; if stdin
          closes meanwhile (the harness is gone, even SIGKILLed), it exits at once instead.
Request:  {"id": 1, "op": "calculate", "expr": "(2+3)*4"}  ->  {"id": 1, "result": 20}
          an optional "fault": "crash" | "hang" makes this task fail the way a real worker would:
          crash = exit mid-task; hang = never answer (but still exit when stdin closes, so a hung
          worker can never outlive the harness).
Errors:   {"id": 1, "error": "..."}.  Exits on stdin EOF.

The expression is parsed by a small recursive-descent parser: numbers, + - * /, parentheses and
unary minus/plus. No eval: a request is data, never code.
"""

import json
import math
import os
import select
import signal
import sys
import time

MAX_EXPR_CHARS = 10_000
MAX_DEPTH = 100


class ParseError(Exception):
    pass


class Parser:
    def __init__(self, text):
        self.text = text
        self.pos = 0
        self.depth = 0

    def parse(self):
        value = self.expr()
        self.skip_spaces()
        if self.pos != len(self.text):
            raise ParseError("unexpected '%s' at %d" % (self.text[self.pos], self.pos))
        return value

    def skip_spaces(self):
        while self.pos < len(self.text) and self.text[self.pos] in " \t":
            self.pos += 1

    def peek(self):
        self.skip_spaces()
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def expr(self):
        value = self.term()
        while self.peek() in ("+", "-"):
            op = self.text[self.pos]
            self.pos += 1
            rhs = self.term()
            value = value + rhs if op == "+" else value - rhs
        return value

    def term(self):
        value = self.unary()
        while self.peek() in ("*", "/"):
            op = self.text[self.pos]
            self.pos += 1
            rhs = self.unary()
            if op == "*":
                value = value * rhs
            elif rhs == 0:
                raise ParseError("division by zero")
            else:
                value = value / rhs
        return value

    def unary(self):
        ch = self.peek()
        if ch in ("-", "+"):
            self.pos += 1
            self.enter()
            value = self.unary()
            self.depth -= 1
            return -value if ch == "-" else value
        return self.primary()

    def primary(self):
        ch = self.peek()
        if ch == "(":
            self.pos += 1
            self.enter()
            value = self.expr()
            self.depth -= 1
            if self.peek() != ")":
                raise ParseError("missing ')' at %d" % self.pos)
            self.pos += 1
            return value
        start = self.pos
        while self.pos < len(self.text) and (self.text[self.pos].isdigit() or self.text[self.pos] == "."):
            self.pos += 1
        token = self.text[start:self.pos]
        if token == "":
            raise ParseError("expected a number at %d" % start)
        try:
            return float(token) if "." in token else int(token)
        except ValueError:
            raise ParseError("bad number '%s'" % token) from None

    def enter(self):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ParseError("expression nested too deeply")


def calculate(expr):
    if not isinstance(expr, str) or len(expr) > MAX_EXPR_CHARS:
        raise ParseError("expr must be a string of at most %d characters" % MAX_EXPR_CHARS)
    value = Parser(expr).parse()
    if isinstance(value, float) and not math.isfinite(value):
        raise ParseError("result is not a finite number")
    return value


def do_work(ms, mode):
    if ms <= 0:
        return
    if mode == "busy":
        deadline = time.perf_counter() + ms / 1000
        while time.perf_counter() < deadline:
            pass
    else:
        time.sleep(ms / 1000)


def start_up(init_ms):
    """Sleeps through the start-up, watching stdin: exits when it closes. Returns lines sent meanwhile."""
    early = []
    deadline = time.monotonic() + init_ms / 1000
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return early
        readable, _, _ = select.select([sys.stdin], [], [], left)
        if readable:
            line = sys.stdin.readline()
            if not line:
                os._exit(0)
            early.append(line)


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def option(argv, name, default):
    if name in argv:
        i = argv.index(name)
        if i + 1 < len(argv):
            return argv[i + 1]
    return default


def main(argv):
    # Ctrl-C in a terminal reaches the whole process group: the harness decides when workers die.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    init_ms = float(option(argv, "--init-ms", "0"))
    work_ms = float(option(argv, "--work-ms", "0"))
    work_mode = option(argv, "--work-mode", "sleep")
    early = start_up(init_ms) if init_ms > 0 else []
    send({"ready": True, "pid": os.getpid(), "kind": "python"})
    while True:
        line = early.pop(0) if early else sys.stdin.readline()
        if not line:
            return
        if not line.strip():
            continue
        try:
            request = json.loads(line)
        except ValueError:
            send({"id": None, "error": "request is not JSON"})
            continue
        rid = request.get("id")
        fault = request.get("fault")
        if fault == "crash":
            os._exit(3)
        if fault == "hang":
            sys.stdin.read()  # blocks until the harness closes stdin or dies
            os._exit(0)
        if request.get("op") != "calculate":
            send({"id": rid, "error": "unknown op %r" % request.get("op")})
            continue
        try:
            result = calculate(request.get("expr"))
        except ParseError as err:
            send({"id": rid, "error": str(err)})
            continue
        do_work(work_ms, work_mode)
        send({"id": rid, "result": result})


if __name__ == "__main__":
    main(sys.argv[1:])
