"""Gauntlet sandbox zygote: a pre-started Python that runs untrusted programs, one job at a time.

It is started by the Java pool (SandboxPool) inside bubblewrap, as an unprivileged uid, and speaks
length-prefixed JSON frames on stdin/stdout. Three kinds of process live in the sandbox:

- Z, this process. It is PID 1 of the sandbox's PID namespace, so no process in the sandbox can
  signal it (the kernel drops signals to a namespace init that has no handler, SIGKILL included).
  It is non-dumpable, so no process of the same uid can ptrace it or read its memory or fds.
- T, the template. Forked from Z before any job is read, it never holds job data. It forks the
  candidate processes, so a candidate's memory cannot contain tests or expected outputs.
- C, a candidate process (one per run, fresh state), and J, the judge, forked from Z per job.
  J holds the tests, calls the candidate's functions over a socket (plain data only, tagged JSON)
  and reports each observed test result on a pipe only J holds. A candidate cannot write to that
  pipe, cannot read J's memory (non-dumpable), and gains nothing by killing J: a missing "done"
  record is a failure. A candidate's exit(0) before the tests is therefore never a pass.

What is covered: fresh process per run, rlimits (CPU, address space, processes, file size, open
files, no core files), a wall-clock deadline per run, and after every run every process in the
sandbox except Z and T is killed (setsid and double-forked children included) and /tmp is wiped.

What is NOT covered here (see docs/environments/code.md): isolation from the host (that is
bubblewrap's job, configured on the Java side), kernel exploits, covert channels between runs of
the same worker through timing, and, in unsafe-local mode (no bubblewrap, not PID 1), processes a
candidate manages to start outside Z's subtree.
"""
import ast
import base64
import builtins
import ctypes
import fcntl
import json
import math
import os
import resource
import select
import shutil
import signal
import socket
import struct
import sys
import time
import traceback

# Imported once here so that forked runs start warm; candidates import them for free.
PRELUDE = (
    "abc array bisect calendar cmath collections collections.abc copy dataclasses datetime decimal "
    "enum fractions functools hashlib heapq io itertools json math operator random re statistics "
    "string textwrap typing unicodedata"
).split()
for _name in PRELUDE:
    try:
        __import__(_name)
    except ImportError:
        pass
import random  # noqa: E402  (reseeded in every run)

MAX_FRAME = 64 << 20
MAX_REPLY_OUTPUT = 32 << 20
IS_INIT = os.getpid() == 1
# Inside bubblewrap, /tmp is the sandbox's private tmpfs and is wiped after every run. In unsafe-local mode it
# is the host's /tmp, which must never be touched: the pool then passes a dedicated directory of its own.
ROOT = "/tmp" if IS_INIT else (sys.argv[1] if len(sys.argv) > 1 else "")
if not IS_INIT and (not os.path.isdir(ROOT) or not os.path.basename(ROOT).startswith("gauntlet-unsafe-")):
    sys.stderr.write("zygote: outside a PID namespace a dedicated gauntlet-unsafe-* directory is required\n")
    sys.exit(2)
WORK = ROOT + "/work"
IO = ROOT + "/io"
LIBC = ctypes.CDLL(None, use_errno=True)
PR_SET_DUMPABLE, PR_SET_CHILD_SUBREAPER = 4, 36


# ---------------------------------------------------------------- framing

def write_all(fd, data):
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def send_frame(fd, obj):
    body = json.dumps(obj, separators=(",", ":")).encode("utf-8", "surrogatepass")
    write_all(fd, struct.pack(">I", len(body)) + body)


def read_exact(fd, n, deadline=None):
    chunks, left = [], n
    while left:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise TimeoutError()
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def recv_frame(fd, deadline=None):
    head = read_exact(fd, 4, deadline)
    if head is None:
        return None
    (size,) = struct.unpack(">I", head)
    if size > MAX_FRAME:
        raise ValueError("frame too large: %d" % size)
    body = read_exact(fd, size, deadline)
    return None if body is None else json.loads(body)


# ---------------------------------------------------------------- plain-data codec (judge <-> candidate)

class Unencodable(TypeError):
    pass


def encode(v, depth=0):
    """Encodes plain data only, so the judge never holds an object whose methods the candidate wrote."""
    if depth > 200:
        raise Unencodable("value nested too deeply")
    t = type(v)
    if v is None or t is bool or t is str:
        return v
    if t is int:
        return v if -(1 << 62) < v < (1 << 62) else {"$i": str(v)}
    if t is float:
        return v if math.isfinite(v) else {"$f": repr(v)}
    if t is list:
        return [encode(x, depth + 1) for x in v]
    if t is tuple:
        return {"$t": [encode(x, depth + 1) for x in v]}
    if t is dict:
        return {"$d": [[encode(k, depth + 1), encode(x, depth + 1)] for k, x in v.items()]}
    if t is set or t is frozenset:
        return {"$s" if t is set else "$fs": [encode(x, depth + 1) for x in v]}
    if t is bytes:
        return {"$b": base64.b64encode(v).decode()}
    if t is complex:
        return {"$c": [encode(v.real), encode(v.imag)]}
    for base in (bool, int, float, str):  # subclasses travel as their plain base value
        if isinstance(v, base):
            return encode(base(v), depth)
    raise Unencodable("a %s cannot cross the sandbox boundary (plain data only)" % t.__name__)


def decode(v, depth=0):
    if depth > 200:
        raise ValueError("value nested too deeply")
    if v is None or type(v) in (bool, int, float, str):
        return v
    if type(v) is list:
        return [decode(x, depth + 1) for x in v]
    if type(v) is not dict or len(v) != 1:
        raise ValueError("malformed value")
    (tag, x), = v.items()
    if tag == "$i":
        return int(x)
    if tag == "$f":
        return float(x)
    if tag == "$t":
        return tuple(decode(e, depth + 1) for e in x)
    if tag == "$d":
        return {decode(k, depth + 1): decode(e, depth + 1) for k, e in x}
    if tag == "$s":
        return {decode(e, depth + 1) for e in x}
    if tag == "$fs":
        return frozenset(decode(e, depth + 1) for e in x)
    if tag == "$b":
        return base64.b64decode(x)
    if tag == "$c":
        return complex(decode(x[0]), decode(x[1]))
    raise ValueError("unknown tag " + tag)


# ---------------------------------------------------------------- process hygiene

def set_limits(limits, nproc=True):
    def lim(res, value):
        if value and value > 0:
            resource.setrlimit(res, (value, value))
    cpu = limits.get("cpuSeconds", 0)
    if cpu:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))  # SIGXCPU, then SIGKILL one second later
    lim(resource.RLIMIT_AS, limits.get("addressSpaceBytes"))
    lim(resource.RLIMIT_FSIZE, limits.get("maxFileBytes"))
    lim(resource.RLIMIT_NOFILE, limits.get("maxOpenFiles"))
    if nproc:
        lim(resource.RLIMIT_NPROC, limits.get("maxProcesses"))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def close_fds_except(keep):
    for fd in sorted(int(n) for n in os.listdir("/proc/self/fd")):
        if fd > 2 and fd not in keep:
            try:
                os.close(fd)
            except OSError:
                pass


def redirect(stdin_path, stdout_path, stderr_path):
    for target, path, flags in ((0, stdin_path or "/dev/null", os.O_RDONLY),
                                (1, stdout_path or "/dev/null", os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
                                (2, stderr_path or "/dev/null", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)):
        fd = os.open(path, flags, 0o600)
        if fd != target:
            os.dup2(fd, target)
            os.close(fd)


def reap(statuses):
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        statuses[pid] = status


def own_children(exclude):
    me, found = str(os.getpid()), []
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) in exclude:
            continue
        try:
            with open("/proc/%s/stat" % name) as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if fields[1] == me and fields[0] != "Z":
            found.append(int(name))
    return found


def sweep(statuses, template_pid):
    """Kills every process of the sandbox except Z and the template, and reaps them."""
    reap(statuses)
    if IS_INIT and not [n for n in os.listdir("/proc")
                        if n.isdigit() and int(n) not in (1, template_pid) and not is_zombie(int(n))]:
        # Nothing else lives: nothing can fork either (the template forks only when asked), so we are done.
        reap(statuses)
        return
    if IS_INIT:
        # Freeze everything first (the template too) so that nothing can fork while we kill.
        os.kill(-1, signal.SIGSTOP)
        for _ in range(10000):
            victims = [int(n) for n in os.listdir("/proc")
                       if n.isdigit() and int(n) not in (1, template_pid) and not is_zombie(int(n))]
            if not victims:
                break
            for pid in victims:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            reap(statuses)
            time.sleep(0.0002)
        try:
            os.kill(template_pid, signal.SIGCONT)
        except ProcessLookupError:
            pass  # a program killed it; the reply says so and the pool starts a fresh sandbox
    else:
        # unsafe-local: we are a subreaper, so orphans come back to us; kill our children round by round.
        for _ in range(10000):
            kids = own_children({template_pid})
            if not kids:
                break
            for pid in kids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.0005)
            reap(statuses)
    reap(statuses)


def is_zombie(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            stat = f.read()
        return stat[stat.rindex(")") + 2] in "ZX"
    except OSError:
        return True


def wipe_tmp():
    for root in (ROOT, "/dev/shm") if IS_INIT else (ROOT,):
        try:
            names = os.listdir(root)
        except OSError:
            continue
        for name in names:
            path = os.path.join(root, name)
            try:
                if os.path.isdir(path) and not os.path.islink(path):
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    os.unlink(path)
            except OSError:
                pass
    os.makedirs(WORK, mode=0o700, exist_ok=True)
    os.makedirs(IO, mode=0o700, exist_ok=True)


def read_capped(path, cap, tail=False):
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as f:
            if tail and size > cap:
                f.seek(size - cap)
            data = f.read(cap)
        return data.decode("utf-8", "replace"), size
    except OSError:
        return "", 0


# ---------------------------------------------------------------- the template and the candidate

def template_main(ctl):
    """Forks one fresh candidate process per request; never sees job data."""
    while True:
        try:
            if not ctl.recv(1):
                os._exit(0)
        except OSError:
            os._exit(0)
        ours, theirs = socket.socketpair()
        mid = os.fork()
        if mid == 0:
            if os.fork() == 0:
                ctl.close()
                ours.close()
                candidate_main(theirs)
            os._exit(0)  # the grandchild is orphaned and adopted by Z, which can then wait for it
        os.waitpid(mid, 0)
        socket.send_fds(ctl, [b"S"], [ours.fileno()])
        ours.close()
        theirs.close()


def candidate_main(sock):
    code = 70
    try:
        fd = sock.fileno()
        close_fds_except({fd})
        send_frame(fd, {"pid": os.getpid()})
        _, fds, _, _ = socket.recv_fds(sock, 1, 4)
        job = recv_frame(fd)
        if job is None:
            os._exit(0)
        redirect(job.get("stdin"), job.get("stdout"), job.get("stderr"))
        keep = set()
        if job["mode"] != "exec":
            keep.add(fd)  # the compile status (and, for functions, the calls) go back on it
        else:
            sock.detach()
            os.close(fd)
        high = [fcntl.fcntl(extra, fcntl.F_DUPFD, 100) for extra in fds]
        for i, extra in enumerate(high):  # harness channels land on fds 3, 4, ...
            os.dup2(extra, 3 + i)
            keep.add(3 + i)
        os.chdir(job.get("cwd", WORK))
        os.setsid()
        os.umask(0o077)
        close_fds_except(keep)
        set_limits(job["limits"])
        if job["mode"] == "exec":
            for sig in (signal.SIGPIPE, signal.SIGXFSZ, signal.SIGINT):
                signal.signal(sig, signal.SIG_DFL)
            os.execve(job["argv"][0], job["argv"], job.get("env") or dict(os.environ))
        random.seed()
        program = job["program"]
        try:
            compiled = compile(program, "<solution>", "exec")
        except BaseException as e:  # SyntaxError, or a parser that ran out of memory or recursion
            report = {"compile_error": "%s: %s" % (type(e).__name__, e)}
            sys.stderr.write(report["compile_error"] + "\n")
            sys.stderr.flush()
            send_frame(fd, report)
            os._exit(1)
        send_frame(fd, {"compiled": True})
        if job["mode"] == "main":
            sock.close()
            code = run_main(compiled)
        else:
            code = serve_functions(sock, compiled)
    except BaseException:
        try:
            traceback.print_exc()
        except BaseException:
            pass
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BaseException:
            pass
        os._exit(code)


def run_main(compiled):
    g = {"__name__": "__main__", "__builtins__": builtins}
    try:
        exec(compiled, g)
        return 0
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except BaseException:
        traceback.print_exc()
        return 1


def describe(value):
    if isinstance(value, type(sys)):
        return {"kind": "module", "name": value.__name__}
    if callable(value):
        return {"kind": "function"}
    try:
        return {"kind": "value", "value": encode(value)}
    except Unencodable as e:
        return {"kind": "unsupported", "error": str(e)}


def serve_functions(sock, compiled):
    fd = sock.fileno()
    g = {"__name__": "__main__", "__builtins__": builtins}
    try:
        exec(compiled, g)
    except BaseException as e:
        traceback.print_exc()
        send_frame(fd, {"fatal": {"type": type(e).__name__, "message": str(e)[:2000]}})
        return 1
    send_frame(fd, {"ready": True})
    while True:
        req = recv_frame(fd)
        if req is None:
            return 0
        try:
            if req["op"] == "describe":
                reply = {"names": {n: (describe(g[n]) if n in g else {"kind": "missing"}) for n in req["names"]}}
            else:
                args = [decode(a) for a in req["args"]]
                kwargs = {k: decode(v) for k, v in req["kwargs"].items()}
                reply = {"value": encode(g[req["name"]](*args, **kwargs))}
        except BaseException as e:
            reply = {"error": {"type": type(e).__name__, "message": str(e)[:2000]}}
        send_frame(fd, reply)


# ---------------------------------------------------------------- the judge

class CandidateError(Exception):
    """The candidate's code raised; carries the type name it reported."""

    def __init__(self, type_name, message):
        super().__init__("%s: %s" % (type_name, message))
        self.type_name = type_name


class CandidateGone(Exception):
    """The candidate process is gone (it exited, crashed, or was killed)."""


def raise_candidate_error(err):
    builtin = getattr(builtins, err.get("type", ""), None)
    if isinstance(builtin, type) and issubclass(builtin, Exception) and builtin is not CandidateGone:
        try:
            exc = builtin(err.get("message", ""))
        except Exception:
            exc = CandidateError(err.get("type", "?"), err.get("message", ""))
        exc._gauntlet_raised_by_program = True  # tests may catch it; if not, it is a runtime error, not a wrong answer
        raise exc
    raise CandidateError(err.get("type", "?"), err.get("message", ""))


class Remote:
    def __init__(self, fd):
        self.fd = fd

    def request(self, req):
        try:
            send_frame(self.fd, req)
            reply = recv_frame(self.fd)
        except (OSError, ValueError) as e:
            raise CandidateGone(str(e))
        if reply is None:
            raise CandidateGone("the program exited or was killed")
        return reply


class CandidateFunction:
    """Stands for a function of the candidate; arguments and results cross as plain data."""
    __slots__ = ("_remote", "_name")

    def __init__(self, remote, name):
        self._remote, self._name = remote, name

    def __call__(self, *args, **kwargs):
        reply = self._remote.request({"op": "call", "name": self._name,
                                      "args": [encode(a) for a in args],
                                      "kwargs": {k: encode(v) for k, v in kwargs.items()}})
        if not isinstance(reply, dict):
            raise CandidateError("ProtocolError", "malformed reply")
        if "error" in reply:
            raise_candidate_error(reply["error"] if isinstance(reply["error"], dict) else {})
        return decode(reply.get("value"))

    def __repr__(self):
        return "<candidate function %s>" % self._name


def free_names(sources, defined):
    names = set()
    for src in sources:
        for node in ast.walk(ast.parse(src)):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                names.add(node.id)
    return sorted(n for n in names if n not in defined and not hasattr(builtins, n))


def judge_main(cand_fd, out_fd, job):
    def emit(obj):
        send_frame(out_fd, obj)

    try:
        redirect(None, None, None)
        close_fds_except({cand_fd, out_fd})
        set_limits(job.get("judgeLimits") or {}, nproc=False)
        ns = {"__name__": "__gauntlet_judge__", "__builtins__": builtins}
        try:
            exec(compile(job.get("setup") or "", "<test setup>", "exec"), ns)
        except BaseException as e:
            emit({"setup_error": "%s: %s" % (type(e).__name__, e)})
            os._exit(0)
        try:
            first = recv_frame(cand_fd)
        except (OSError, ValueError):
            first = None
        if first is not None and "compile_error" in first:
            emit({"program": "compile_error", "error": str(first["compile_error"])[:4000]})
            os._exit(0)
        try:
            ready = recv_frame(cand_fd) if first is not None else None
        except (OSError, ValueError):
            ready = None
        if not isinstance(ready, dict) or not ready.get("ready"):
            fatal = ready.get("fatal") if isinstance(ready, dict) else None
            emit({"program": "died", "error": fatal if isinstance(fatal, dict) else None})
            os._exit(0)
        emit({"program": "ready"})
        remote = Remote(cand_fd)
        tests = job["tests"]
        bindings = dict(job.get("bindings") or {})
        if job.get("autoBind", True):
            for name in free_names([t["code"] for t in tests], set(ns) | set(bindings)):
                bindings[name] = name
        wanted = sorted(set(bindings.values()))
        described = {}
        if wanted:
            reply = remote.request({"op": "describe", "names": wanted})
            described = reply.get("names", {}) if isinstance(reply, dict) else {}
        for local, remote_name in bindings.items():
            d = described.get(remote_name) or {}
            kind = d.get("kind") if isinstance(d, dict) else None
            if kind == "function":
                ns[local] = CandidateFunction(remote, remote_name)
            elif kind == "module":
                try:
                    ns[local] = __import__(str(d["name"]))
                    ns[local] = sys.modules[str(d["name"])]
                except Exception:
                    ns.pop(local, None)
            elif kind == "value":
                ns[local] = decode(d["value"])
            else:
                ns.pop(local, None)  # NameError in the test: the program does not define it
        for i, test in enumerate(tests):
            record = {"test": i}
            try:
                exec(compile(test["code"], "<test %d>" % i, "exec"), ns)
                record["ok"] = True
            except CandidateGone as e:
                record.update(ok=False, kind="died", error=str(e))
            except BaseException as e:
                if getattr(e, "_gauntlet_raised_by_program", False) or isinstance(e, CandidateError):
                    name = e.type_name if isinstance(e, CandidateError) else type(e).__name__
                    record.update(ok=False, kind="candidate_error", type=name,
                                  error=("%s: %s" % (name, e))[:2000])
                else:
                    record.update(test_failure(e))
            emit(record)
        emit({"done": True, "count": len(tests)})
    except BaseException as e:
        try:
            emit({"judge_error": "%s: %s" % (type(e).__name__, e)})
        except BaseException:
            pass
    os._exit(0)


def test_failure(e):
    if isinstance(e, AssertionError):
        return dict(ok=False, kind="assertion", error=("AssertionError: %s" % e)[:2000])
    kind = "candidate_error" if isinstance(e, (MemoryError, RecursionError)) else "test_error"
    return dict(ok=False, kind=kind, type=type(e).__name__, error=("%s: %s" % (type(e).__name__, e))[:2000])


# ---------------------------------------------------------------- the zygote

class Zygote:
    def __init__(self):
        self.statuses = {}
        self.ctl, theirs = socket.socketpair()
        pid = os.fork()
        if pid == 0:
            self.ctl.close()
            redirect(None, None, None)
            close_fds_except({theirs.fileno()})
            template_main(theirs)
        theirs.close()
        self.template = pid
        self.spare_requested = False

    def template_alive(self):
        return self.template not in self.statuses and not is_zombie(self.template)

    def take_candidate(self, deadline):
        if self.spare_requested:
            self.spare_requested = False
            return self.receive_candidate(deadline)
        return self.request_candidate(deadline)

    def prefetch_candidate(self):
        """Asks the template for the next job's candidate now; it forks while we reply and Java works."""
        self.ctl.send(b"F")
        self.spare_requested = True

    def request_candidate(self, deadline):
        self.ctl.send(b"F")
        return self.receive_candidate(deadline)

    def receive_candidate(self, deadline):
        if not select.select([self.ctl], [], [], max(0.0, deadline - time.monotonic()) + 2.0)[0]:
            raise RuntimeError("the template did not answer")
        _, fds, _, _ = socket.recv_fds(self.ctl, 1, 1)
        if not fds:
            raise RuntimeError("the template is gone")
        sock = socket.socket(fileno=fds[0])
        hello = recv_frame(sock.fileno(), time.monotonic() + 5)
        return sock, hello["pid"]

    def start_candidate(self, job, deadline, mode, stdin=None, fds=()):
        sock, pid = self.take_candidate(deadline)
        self.statuses.pop(pid, None)  # pids are reused: never read a stale status
        socket.send_fds(sock, [b"F"], list(fds))
        send_frame(sock.fileno(), {
            "mode": mode, "program": job.get("program"), "argv": job.get("argv"), "env": job.get("env"),
            "limits": job["limits"], "stdin": stdin,
            "stdout": IO + "/stdout", "stderr": IO + "/stderr", "cwd": WORK})
        return sock, pid

    def exit_info(self, pid):
        reap(self.statuses)
        st = self.statuses.get(pid)
        if st is None:
            return {"exited": False}
        if os.WIFSIGNALED(st):
            return {"exited": True, "signal": os.WTERMSIG(st)}
        return {"exited": True, "exit": os.WEXITSTATUS(st)}

    def outputs(self, job, budget=None):
        cap = job.get("maxOutputBytes", 1 << 20)
        if budget is not None:
            cap = min(cap, budget)
        try:
            size = os.path.getsize(IO + "/stdout")
        except OSError:
            size = 0
        limit = job["limits"].get("maxFileBytes") or 0
        over = size > cap or (limit > 0 and size >= limit)
        out, _ = read_capped(IO + "/stdout", 1024 if over else cap)  # only a glimpse of an output over the cap
        err, _ = read_capped(IO + "/stderr", job.get("maxStderrBytes", 8192), tail=True)
        return {"stdout": out, "stdoutBytes": size, "stderr": err, "outputLimit": over}

    # ---- functions: the judge calls the candidate's functions
    def run_functions(self, job):
        deadline = time.monotonic() + job["wallMillis"] / 1000.0
        sock, cpid = self.start_candidate(job, deadline, "functions")
        r, w = os.pipe()
        jpid = os.fork()
        if jpid == 0:
            os.close(r)
            self.ctl.close()
            judge_main(sock.fileno(), w, job)
        os.close(w)
        sock.close()
        records, timed_out, buf = [], False, b""
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            if not select.select([r], [], [], remaining)[0]:
                continue
            chunk = os.read(r, 1 << 16)
            if not chunk:
                break
            buf += chunk
            while len(buf) >= 4:
                (size,) = struct.unpack(">I", buf[:4])
                if len(buf) < 4 + size:
                    break
                records.append(json.loads(buf[4:4 + size]))
                buf = buf[4 + size:]
        os.close(r)
        candidate = self.exit_info(cpid)
        self.finish_run_keep_outputs(job)
        result = {"records": records, "timedOut": timed_out, "candidate": candidate}
        result.update(self.saved_outputs)
        return result

    def finish_run_keep_outputs(self, job):
        sweep(self.statuses, self.template)
        self.saved_outputs = self.outputs(job)
        wipe_tmp()

    # ---- processes: one fresh process per input (stdin/stdout tests, compiled languages)
    def run_processes(self, job):
        overall = time.monotonic() + job["wallMillis"] / 1000.0
        runs = []
        self.reply_budget = MAX_REPLY_OUTPUT  # the reply must stay one sane frame, however many runs
        for files_name, content in (job.get("files") or {}).items():
            self.write_file(WORK + "/" + files_name, content)
        stopped = False
        for stdin_text in job["inputs"]:
            now = time.monotonic()
            if stopped:
                runs.append({"skipped": True, "timedOut": False})  # not run: an earlier run failed
                continue
            if now >= overall:
                runs.append({"skipped": True, "timedOut": True})
                continue
            deadline = min(overall, now + job["perRunWallMillis"] / 1000.0)
            runs.append(self.run_one_process(job, stdin_text, deadline))
            if runs[-1].get("compileError") is not None:
                break
            last = runs[-1]
            stopped = job.get("stopOnFailure", False) and (
                last.get("timedOut") or last.get("outputLimit") or last.get("signal") is not None
                or last.get("exit", 0) != 0)
        return {"runs": runs}

    def write_file(self, path, content):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            write_all(fd, content.encode("utf-8", "surrogatepass"))
        finally:
            os.close(fd)

    def run_one_process(self, job, stdin_text, deadline):
        stdin_path = None
        if stdin_text is not None:
            stdin_path = IO + "/stdin"
            self.write_file(stdin_path, stdin_text)
        exec_mode = job.get("argv") is not None
        fds, nonce, proof_r = (), None, None
        if exec_mode and job.get("harnessProof"):
            nonce = os.urandom(16).hex().encode()
            nonce_r, nonce_w = os.pipe()
            proof_r, proof_w = os.pipe()
            write_all(nonce_w, nonce)
            os.close(nonce_w)
            fds = (nonce_r, proof_w)
        sock, cpid = self.start_candidate(job, deadline, "exec" if exec_mode else "main", stdin_path, fds)
        for fd in fds:
            os.close(fd)
        run = {"compileError": None}
        if not exec_mode:
            try:
                status = recv_frame(sock.fileno(), deadline)
            except TimeoutError:
                status = {}
            if isinstance(status, dict) and "compile_error" in status:
                run["compileError"] = status["compile_error"]
        sock.close()
        pidfd = os.pidfd_open(cpid)
        proof, timed_out = b"", False
        watch = [pidfd] + ([proof_r] if proof_r is not None else [])
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            ready = select.select(watch, [], [], remaining)[0]
            if proof_r in ready:
                chunk = os.read(proof_r, 4096)
                if chunk and len(proof) < 4096:
                    proof += chunk
                else:
                    watch.remove(proof_r)
            if pidfd in ready:
                break
        os.close(pidfd)
        if proof_r is not None:
            os.set_blocking(proof_r, False)
            try:
                proof += os.read(proof_r, 4096)
            except (BlockingIOError, OSError):
                pass
            os.close(proof_r)
        run.update(self.exit_info(cpid))
        run["timedOut"] = timed_out and not run.get("exited")
        if nonce is not None:
            run["proofOk"] = proof == nonce
        sweep(self.statuses, self.template)
        run.update(self.outputs(job, self.reply_budget))
        self.reply_budget = max(0, self.reply_budget - len(run["stdout"]))
        for name in ("stdin", "stdout", "stderr"):
            try:
                os.unlink(IO + "/" + name)
            except OSError:
                pass
        return run

    def handle(self, job):
        # /tmp was wiped when the previous job ended (and at start-up).
        if job["kind"] == "functions":
            result = self.run_functions(job)
        elif job["kind"] == "processes":
            result = self.run_processes(job)
            sweep(self.statuses, self.template)
            wipe_tmp()
        elif job["kind"] == "ping":
            result = {"pong": True}
        else:
            raise ValueError("unknown job kind %r" % job.get("kind"))
        result["templateAlive"] = self.template_alive()
        # Forget the exit statuses of this job's processes: a long-lived zygote must not grow per run.
        self.statuses = {pid: st for pid, st in self.statuses.items() if pid == self.template}
        return result


def main():
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # as PID 1 without handlers, in-sandbox signals cannot reach us
    LIBC.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    LIBC.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    os.umask(0o077)
    os.chdir("/")
    os.environ.pop("PWD", None)  # bwrap's own; keep the environment to PATH, HOME and LANG
    wipe_tmp()
    z = Zygote()
    send_frame(1, {"ready": True, "python": sys.version.split()[0], "init": IS_INIT})
    while True:
        job = recv_frame(0)
        if job is None:
            break
        try:
            reply = z.handle(job)
        except BaseException as e:
            reply = {"error": "%s: %s" % (type(e).__name__, e), "templateAlive": False}
            try:
                sweep(z.statuses, z.template)
                wipe_tmp()
            except BaseException:
                pass
        if reply.get("templateAlive", False) and job.get("kind") != "ping":
            try:
                z.prefetch_candidate()
            except BaseException:
                reply["templateAlive"] = False
        send_frame(1, reply)
        if not reply.get("templateAlive", False):
            break  # the pool starts a fresh sandbox: never fork candidates from a process that has seen jobs
    sys.exit(0)


if __name__ == "__main__":
    main()
