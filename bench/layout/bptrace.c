/* bptrace ADDRS OUT COMMAND [ARGS...]: runs COMMAND under ptrace with a breakpoint (int3) at every address listed in
 * ADDRS (hex, one a line: the entry points of the binary's methods), set right after exec. The first time any thread
 * reaches one, its address is appended to OUT and the original byte put back, so OUT lists the methods that ran, in
 * the order they first ran. Each method costs one stop, once: a keel -p run takes well under a second. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

static unsigned long *addrs;
static unsigned char *original;
static char *reached;
static int count;

static int compare(const void *a, const void *b)
{
    unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;
    return x < y ? -1 : x > y;
}

static int find(unsigned long address)
{
    int lo = 0, hi = count - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (addrs[mid] == address) return mid;
        if (addrs[mid] < address) lo = mid + 1; else hi = mid - 1;
    }
    return -1;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: bptrace ADDRS OUT COMMAND [ARGS...]\n");
        return 2;
    }

    FILE *list = fopen(argv[1], "r");
    if (list == NULL) { perror(argv[1]); return 2; }
    int capacity = 1024;
    addrs = malloc(capacity * sizeof *addrs);
    unsigned long address;
    while (fscanf(list, "%lx", &address) == 1) {
        if (count == capacity) addrs = realloc(addrs, (capacity *= 2) * sizeof *addrs);
        addrs[count++] = address;
    }
    fclose(list);

    /* Aliases share an address: one breakpoint each, or the second would save the first one's int3 as "original". */
    qsort(addrs, count, sizeof *addrs, compare);
    int unique = 0;
    for (int i = 0; i < count; i++)
        if (unique == 0 || addrs[i] != addrs[unique - 1]) addrs[unique++] = addrs[i];
    count = unique;
    original = malloc(count);
    reached = calloc(count, 1);

    pid_t child = fork();
    if (child == 0) {
        ptrace(PTRACE_TRACEME, 0, 0, 0);
        execvp(argv[3], argv + 3);
        perror(argv[3]);
        _exit(127);
    }

    int status;
    waitpid(child, &status, 0); /* stopped right after exec */
    ptrace(PTRACE_SETOPTIONS, child, 0, PTRACE_O_TRACECLONE | PTRACE_O_EXITKILL);
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/mem", child);
    int mem = open(path, O_RDWR);
    unsigned char int3 = 0xCC;
    for (int i = 0; i < count; i++) {
        pread(mem, &original[i], 1, addrs[i]);
        pwrite(mem, &int3, 1, addrs[i]);
    }

    FILE *out = fopen(argv[2], "w");
    int hits = 0, code = 0;
    ptrace(PTRACE_CONT, child, 0, 0);
    for (;;) {
        pid_t thread = waitpid(-1, &status, __WALL);
        if (thread < 0) break;
        if (WIFEXITED(status) || WIFSIGNALED(status)) {
            if (thread == child) code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            continue;
        }

        int signal = WSTOPSIG(status), event = status >> 16;
        if (signal == SIGTRAP && event == 0) {
            struct user_regs_struct regs;
            ptrace(PTRACE_GETREGS, thread, 0, &regs);
            int i = find(regs.rip - 1);
            if (i >= 0) {
                /* Another thread may have stopped on the same int3 before it was removed: rewind it all the same. */
                if (!reached[i]) {
                    reached[i] = 1;
                    pwrite(mem, &original[i], 1, addrs[i]);
                    fprintf(out, "%lx\n", addrs[i]);
                    hits++;
                }
                regs.rip -= 1;
                ptrace(PTRACE_SETREGS, thread, 0, &regs);
                ptrace(PTRACE_CONT, thread, 0, 0);
                continue;
            }
        }

        /* Clone events and a new thread's first stop are ours; every other signal goes on to the program. */
        int pass = event != 0 || signal == SIGSTOP ? 0 : signal;
        ptrace(PTRACE_CONT, thread, 0, pass);
    }

    fclose(out);
    fprintf(stderr, "bptrace: %d of %d methods ran\n", hits, count);
    return code;
}
