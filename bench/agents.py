"""How bench.py drives each agent through the same three cases against the project's fake server.

An agent is set up once per bench run (its own temporary home, so no user settings or memory files are read), then
asked for the command of each case and the environment that points it at the fake server's URL. The scenarios are
the same scripted turns; the four-request task uses each agent's own tools for the same work:
  keel, claude: Read calc.py, Edit it, Bash `cat calc.py`, answer (Messages API)
  codex:        exec_command `cat calc.py`, apply_patch (a freeform patch), exec_command `cat calc.py`, answer
                (Responses API; codex has no file-read or string-edit tool, so reading is a shell `cat`)
"""
import os, shutil, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PROMPT = "fix add"


class Keel:
    name = "keel"
    four_requests = "four-requests.json"

    def __init__(self, binary, work):
        self.binary = binary
        self.env = {"ANTHROPIC_API_KEY": "bench", "KEEL_CONFIG_DIR": os.path.join(work, "home")}

    def version(self):
        return [self.binary, "--version"]

    def one_turn(self):
        return [self.binary, "-p", PROMPT]

    def four(self):
        return [self.binary, "-p", PROMPT, "--permission-mode", "acceptEdits", "--allowedTools", "Bash"]

    def server_env(self, url):
        return {"ANTHROPIC_BASE_URL": url}

    def close(self):
        pass


class Claude(Keel):
    """Claude Code in print mode: the same flags and tools as keel; its own config directory and HOME."""
    name = "claude"

    def __init__(self, binary, work):
        self.binary = binary
        home = os.path.join(work, "claude-home")
        os.makedirs(home, exist_ok=True)
        self.env = {"ANTHROPIC_API_KEY": "bench", "HOME": home, "CLAUDE_CONFIG_DIR": os.path.join(home, ".claude"),
                    # Only the model calls: no telemetry, error reports, update checks or other background traffic.
                    "DISABLE_TELEMETRY": "1", "DISABLE_ERROR_REPORTING": "1", "DISABLE_AUTOUPDATER": "1",
                    "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1"}


class Codex(Keel):
    """`codex exec` with a model provider whose base URL is the fake server (Responses API), no approvals, no sandbox."""
    name = "codex"
    four_requests = "four-requests-codex.json"
    # A model from codex's own catalog, so it sends the tools and prompt it would send a real model.
    model = "gpt-5.5"

    def __init__(self, binary, work):
        self.binary = binary
        # codex refuses to create its helper commands under /tmp, which a real ~/.codex is not.
        os.makedirs(os.path.join(ROOT, "artifacts"), exist_ok=True)
        self.home = tempfile.mkdtemp(prefix="bench-codex-home-", dir=os.path.join(ROOT, "artifacts"))
        self.env = {"CODEX_HOME": self.home, "HOME": self.home, "BENCH_API_KEY": "bench"}

    def _exec(self):
        return [self.binary, "exec", "--skip-git-repo-check", "--dangerously-bypass-approvals-and-sandbox",
                "-m", self.model, PROMPT]

    def one_turn(self):
        return self._exec()

    def four(self):
        return self._exec()

    def server_env(self, url):
        with open(os.path.join(self.home, "config.toml"), "w") as f:
            f.write(f'model_provider = "bench"\n\n[model_providers.bench]\nname = "bench"\nbase_url = "{url}/v1"\n'
                    'wire_api = "responses"\nenv_key = "BENCH_API_KEY"\n')
        return {}

    def close(self):
        shutil.rmtree(self.home, ignore_errors=True)


AGENTS = {"keel": Keel, "claude": Claude, "codex": Codex}
