/* Running dtc and capturing its output; see dtc.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dtc.h"
#include "dtcmsg.h"
#include "util.h"

#define READ_CHUNK 65536u

static char *read_all(int fd, size_t *size)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;

	for (;;) {
		ssize_t n;

		if (cap - len < READ_CHUNK) {
			cap = cap ? 2 * cap : 2 * READ_CHUNK;
			buf = xrealloc(buf, cap + 1);
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	*size = len;
	return buf;
}

/*
 * Run argv with stdout captured into *out and, when `err` is not NULL,
 * stderr into *err (through a file: dtc may write more than a pipe holds
 * before we read its stdout); returns the exit status or -1.
 */
static int run_capture(char *const argv[], char **out, size_t *size,
		       char **err)
{
	int fds[2], status;
	FILE *errf = err ? tmpfile() : NULL;
	size_t err_size;
	pid_t pid;

	if ((err && errf == NULL) || pipe(fds) != 0) {
		if (errf)
			fclose(errf);
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		if (errf)
			fclose(errf);
		return -1;
	}
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		if (errf)
			dup2(fileno(errf), STDERR_FILENO);
		close(fds[0]);
		close(fds[1]);
		execvp(argv[0], argv);
		fprintf(stderr, "septum-config: cannot run %s: %s\n", argv[0],
			strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	*out = read_all(fds[0], size);
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			status = -1;
			break;
		}
	}
	if (errf) {
		rewind(errf);
		*err = read_all(fileno(errf), &err_size);
		fclose(errf);
	}
	if (status == -1)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int dtc_compile(const char *dtc, const char *dts_path, struct dtc_output *out)
{
	/* Warnings are shown by the first run only (-q on the second). */
	char *bin_argv[] = { (char *)dtc, "-I", "dts", "-O", "dtb", "-o", "-",
			     (char *)dts_path, NULL };
	char *ann_argv[] = { (char *)dtc, "-q", "-I", "dts", "-O", "dts", "-T",
			     "-o", "-", (char *)dts_path, NULL };
	char *dtb = NULL, *messages = NULL;
	size_t ann_size;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = run_capture(bin_argv, &dtb, &out->dtb_size, &messages);
	out->dtb = dtb;
	dtcmsg_report(dts_path, messages ? messages : "", rc != 0);
	free(messages);
	if (rc != 0)
		goto fail;
	if (run_capture(ann_argv, &out->annotated, &ann_size, NULL) != 0)
		goto fail;
	return 0;
fail:
	dtc_output_free(out);
	return -1;
}

void dtc_output_free(struct dtc_output *out)
{
	free(out->dtb);
	free(out->annotated);
	memset(out, 0, sizeof(*out));
}
