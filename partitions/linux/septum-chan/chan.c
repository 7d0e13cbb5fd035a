/* Septum IVSHMEM channels from Linux userspace; see chan.h. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <septum/abi/ivshmem.h>

#include "chan.h"

#define PCI_DEVICES "/sys/bus/pci/devices"
#define UIO_DRIVER "/sys/bus/pci/drivers/uio_pci_generic"
#define UIO_NAME "uio_pci_generic"
#define PATH_LEN 256

/* Type 0 configuration header fields (PCI Local Bus 3.0, 6.2). */
#define PCI_COMMAND 0x04u
#define PCI_COMMAND_MEMORY (1u << 1)
#define PCI_COMMAND_INTX_DISABLE (1u << 10)
#define PCI_STATUS 0x06u
#define PCI_STATUS_CAP_LIST (1u << 4)
#define PCI_CAP_PTR 0x34u
#define PCI_CAP_ID_VNDR 0x09u
#define PCI_CAP_FIRST 0x40u	/* capabilities live after the header */
#define PCI_CAP_WALK_MAX 48	/* bounds a looping capability list */

/* How long chan_open() waits for devtmpfs to show a new /dev/uioN. */
#define UIO_NODE_TRIES 100
#define UIO_NODE_NAP_NS 10000000L

static char error_text[512];

const char *chan_error(void)
{
	return error_text;
}

/* Record the sentence for chan_error() and return `status`. */
__attribute__((format(printf, 2, 3))) static enum chan_status
fail(enum chan_status status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(error_text, sizeof(error_text), fmt, ap);
	va_end(ap);
	return status;
}

/* How messages name a channel: its label, else its PCI address. */
static const char *who(const struct chan_info *info)
{
	return info->name[0] ? info->name : info->pci;
}

static void dev_path(char *buf, const char *pci, const char *file)
{
	snprintf(buf, PATH_LEN, PCI_DEVICES "/%.64s/%.64s", pci, file);
}

/* A small sysfs file's text, without trailing newlines or NULs. */
static bool read_text(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return false;
	n = read(fd, buf, cap - 1);
	close(fd);
	if (n < 0)
		return false;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\0'))
		n--;
	buf[n] = '\0';
	return true;
}

/* Write `text` to a sysfs file: 0, or the errno of the failure. */
static int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;
	int err;

	if (fd < 0)
		return errno;
	n = write(fd, text, strlen(text));
	err = n < 0 ? errno : 0;
	close(fd);
	return err;
}

static bool dev_number(const char *pci, const char *file, unsigned long *v)
{
	char path[PATH_LEN], text[32], *end;

	dev_path(path, pci, file);
	if (!read_text(path, text, sizeof(text)))
		return false;
	*v = strtoul(text, &end, 0);
	return end != text;
}

static bool is_ivshmem(const char *pci)
{
	unsigned long vendor, device;

	return dev_number(pci, "vendor", &vendor) &&
	       dev_number(pci, "device", &device) &&
	       vendor == IVSHMEM_PCI_VENDOR && device == IVSHMEM_PCI_DEVICE;
}

static int by_pci(const void *a, const void *b)
{
	return strcmp(((const struct chan_info *)a)->pci,
		      ((const struct chan_info *)b)->pci);
}

enum chan_status chan_list(struct chan_info *out, size_t max, size_t *count)
{
	DIR *d = opendir(PCI_DEVICES);
	struct dirent *e;
	char path[PATH_LEN];
	size_t n = 0;

	if (!d)
		return fail(CHAN_ENOENT, "no PCI bus in this cell (%s: %s)",
			    PCI_DEVICES, strerror(errno));
	while ((e = readdir(d)) != NULL && n < max) {
		if (e->d_name[0] == '.' || !is_ivshmem(e->d_name))
			continue;
		snprintf(out[n].pci, sizeof(out[n].pci), "%.31s", e->d_name);
		/* Its name: the device tree's label (arm64), or the ACPI
		 * device's _STR (x86). */
		dev_path(path, out[n].pci, "of_node/label");
		if (!read_text(path, out[n].name, sizeof(out[n].name))) {
			dev_path(path, out[n].pci, "firmware_node/description");
			if (!read_text(path, out[n].name, sizeof(out[n].name)))
				out[n].name[0] = '\0';
		}
		n++;
	}
	closedir(d);
	qsort(out, n, sizeof(*out), by_pci);
	*count = n;
	return CHAN_OK;
}

enum chan_status chan_open(struct chan *ch, const char *name)
{
	struct chan_info all[CHAN_MAX];
	char found[CHAN_MAX * 8] = "";
	size_t n, len = 0;

	if (chan_list(all, CHAN_MAX, &n) != CHAN_OK)
		return CHAN_ENOENT;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(all[i].name, name) == 0)
			return chan_open_info(ch, &all[i]);
	}
	if (n == 0)
		return fail(CHAN_ENOENT,
			    "no channel named '%s' (no ivshmem device "
			    "%04x:%04x on PCI)", name, IVSHMEM_PCI_VENDOR,
			    IVSHMEM_PCI_DEVICE);
	for (size_t i = 0; i < n && len < sizeof(found); i++)
		len += (size_t)snprintf(found + len, sizeof(found) - len,
					"%s%s", i ? ", " : "", who(&all[i]));
	return fail(CHAN_ENOENT, "no channel named '%s' (found: %s)", name,
		    found);
}

/* The name of the driver bound to the device, or false if none. */
static bool driver_of(const char *pci, char *drv, size_t cap)
{
	char path[PATH_LEN], link[PATH_LEN];
	const char *base;
	ssize_t n;

	dev_path(path, pci, "driver");
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return false;
	link[n] = '\0';
	base = strrchr(link, '/');
	snprintf(drv, cap, "%s", base ? base + 1 : link);
	return true;
}

static enum chan_status bind_uio(const struct chan *ch)
{
	const struct chan_info *info = &ch->info;
	char drv[PATH_LEN];
	int err;

	if (driver_of(info->pci, drv, sizeof(drv))) {
		if (strcmp(drv, UIO_NAME) == 0)
			return CHAN_OK;
		return fail(CHAN_EDEVICE, "%s: PCI %s is driven by %s, not "
			    UIO_NAME " (unbind it first)", who(info),
			    info->pci, drv);
	}
	if (access(UIO_DRIVER, F_OK) != 0)
		return fail(CHAN_ENOENT, "%s: the " UIO_NAME " driver is not "
			    "loaded (insmod uio.ko and uio_pci_generic.ko)",
			    who(info));
	/* Teaching the driver the ID probes every unbound ivshmem device. */
	err = write_text(UIO_DRIVER "/new_id", "110a 4106");
	if (err && err != EEXIST)
		return fail(CHAN_ESYS, "cannot add the ivshmem ID to "
			    UIO_DRIVER "/new_id: %s", strerror(err));
	if (driver_of(info->pci, drv, sizeof(drv)))
		return CHAN_OK;
	/* Known ID already (EEXIST), or the probe failed: ask for its error. */
	err = write_text(UIO_DRIVER "/bind", info->pci);
	if (err && !driver_of(info->pci, drv, sizeof(drv)))
		return fail(CHAN_EDEVICE, "%s: " UIO_NAME " refused PCI %s: "
			    "%s (see dmesg)", who(info), info->pci,
			    strerror(err));
	return CHAN_OK;
}

static bool cfg_read(const struct chan *ch, unsigned int off, void *buf,
		     size_t len)
{
	return pread(ch->config_fd, buf, len, off) == (ssize_t)len;
}

static bool cfg_write(const struct chan *ch, unsigned int off,
		      const void *buf, size_t len)
{
	return pwrite(ch->config_fd, buf, len, off) == (ssize_t)len;
}

static enum chan_status open_config(struct chan *ch)
{
	char path[PATH_LEN];

	dev_path(path, ch->info.pci, "config");
	ch->config_fd = open(path, O_RDWR | O_CLOEXEC);
	if (ch->config_fd < 0)
		return fail(CHAN_ESYS, "cannot open %s: %s (root needed)",
			    path, strerror(errno));
	return CHAN_OK;
}

/* Map the sysfs resource file `file` (at least `min` bytes) whole. */
static enum chan_status map_resource(const struct chan *ch, const char *file,
				     size_t min, void **map, size_t *size)
{
	char path[PATH_LEN];
	struct stat st;
	int fd, err;

	dev_path(path, ch->info.pci, file);
	fd = open(path, O_RDWR | O_SYNC | O_CLOEXEC);
	if (fd < 0)
		return fail(CHAN_ESYS, "cannot open %s: %s", path,
			    strerror(errno));
	if (fstat(fd, &st) != 0 || (size_t)st.st_size < min) {
		close(fd);
		return fail(CHAN_EDEVICE, "%s: %s is smaller than 0x%zx bytes",
			    who(&ch->info), path, min);
	}
	*size = (size_t)st.st_size;
	*map = mmap(NULL, *size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	err = errno;
	close(fd);
	if (*map == MAP_FAILED) {
		*map = NULL;
		return fail(CHAN_ESYS, "cannot map %s: %s", path,
			    strerror(err));
	}
	return CHAN_OK;
}

/*
 * BAR0 uncached (the register page traps to the hypervisor); BAR2
 * write-combining, which only a prefetchable BAR offers.
 */
static enum chan_status map_bars(struct chan *ch)
{
	char path[PATH_LEN];
	void *regs = NULL, *shmem = NULL;
	size_t size;
	enum chan_status st;

	st = map_resource(ch, "resource0", IVSHMEM_REGS_SIZE, &regs, &size);
	if (st != CHAN_OK)
		return st;
	ch->regs = regs;
	ch->regs_size = size;
	dev_path(path, ch->info.pci, "resource2_wc");
	if (access(path, F_OK) != 0)
		return fail(CHAN_EDEVICE, "%s: BAR2 of PCI %s is not "
			    "prefetchable (no %s): cannot map it "
			    "write-combining", who(&ch->info), ch->info.pci,
			    path);
	st = map_resource(ch, "resource2_wc", IVSHMEM_STATE_TABLE_SIZE, &shmem,
			  &ch->shmem_size);
	ch->shmem = shmem;
	return st;
}

/* Offset of the vendor-specific capability in config space, or 0. */
static unsigned int find_vendor_cap(const struct chan *ch)
{
	uint16_t status;
	uint8_t at, hdr[2];

	if (!cfg_read(ch, PCI_STATUS, &status, sizeof(status)) ||
	    !(status & PCI_STATUS_CAP_LIST) ||
	    !cfg_read(ch, PCI_CAP_PTR, &at, sizeof(at)))
		return 0;
	for (int i = 0; i < PCI_CAP_WALK_MAX && at >= PCI_CAP_FIRST; i++) {
		at &= 0xfcu;
		if (!cfg_read(ch, at, hdr, sizeof(hdr)))
			return 0;
		if (hdr[0] == PCI_CAP_ID_VNDR)
			return at;
		at = hdr[1];
	}
	return 0;
}

static uint64_t reg64(const struct chan *ch, uint32_t lo)
{
	return ch->regs[lo / 4] | (uint64_t)ch->regs[lo / 4 + 1] << 32;
}

/* Section sizes: the ivshmem v2 capability, else Septum's registers. */
static void read_sizes(struct chan *ch)
{
	uint8_t cap[IVSHMEM_PCI_CAP_LEN];
	unsigned int at = find_vendor_cap(ch);

	if (at && cfg_read(ch, at, cap, sizeof(cap))) {
		memcpy(&ch->state_size, cap + IVSHMEM_CAP_STATE_TABLE_SIZE,
		       sizeof(ch->state_size));
		memcpy(&ch->rw_size, cap + IVSHMEM_CAP_RW_SIZE,
		       sizeof(ch->rw_size));
		memcpy(&ch->out_size, cap + IVSHMEM_CAP_OUT_SIZE,
		       sizeof(ch->out_size));
		return;
	}
	ch->state_size = ch->regs[IVSHMEM_REG_STATE_TABLE_SIZE / 4];
	ch->rw_size = reg64(ch, IVSHMEM_REG_RW_SIZE_LO);
	ch->out_size = reg64(ch, IVSHMEM_REG_OUT_SIZE_LO);
}

static enum chan_status read_layout(struct chan *ch)
{
	const char *name = who(&ch->info);

	ch->id = ch->regs[IVSHMEM_REG_ID / 4];
	ch->num_peers = ch->regs[IVSHMEM_REG_MAX_PEERS / 4];
	read_sizes(ch);
	if (ch->num_peers < 2 || ch->id >= ch->num_peers)
		return fail(CHAN_EDEVICE, "%s: the register page says this is "
			    "peer %u of %u", name, ch->id, ch->num_peers);
	if (ch->state_size != IVSHMEM_STATE_TABLE_SIZE)
		return fail(CHAN_EDEVICE, "%s: state table of 0x%x bytes, "
			    "expected 0x%x", name, ch->state_size,
			    IVSHMEM_STATE_TABLE_SIZE);
	if (ch->rw_size > ch->shmem_size || ch->out_size > ch->shmem_size ||
	    ch->state_size + ch->rw_size + ch->num_peers * ch->out_size >
		    ch->shmem_size)
		return fail(CHAN_EDEVICE, "%s: sections (state 0x%x, rw "
			    "0x%llx, %u x output 0x%llx) exceed the 0x%zx "
			    "bytes of BAR2", name, ch->state_size,
			    (unsigned long long)ch->rw_size, ch->num_peers,
			    (unsigned long long)ch->out_size, ch->shmem_size);
	return CHAN_OK;
}

static enum chan_status open_uio(struct chan *ch)
{
	struct timespec nap = { 0, UIO_NODE_NAP_NS };
	char path[PATH_LEN];
	struct dirent *e;
	bool found = false;
	DIR *d;

	dev_path(path, ch->info.pci, "uio");
	d = opendir(path);
	while (d && !found && (e = readdir(d)) != NULL)
		found = sscanf(e->d_name, "uio%u", &ch->uio) == 1;
	if (d)
		closedir(d);
	if (!found)
		return fail(CHAN_ENOENT, "%s: PCI %s has no uio device under "
			    "%s", who(&ch->info), ch->info.pci, path);
	snprintf(path, sizeof(path), "/dev/uio%u", ch->uio);
	for (int i = 0; i < UIO_NODE_TRIES; i++) {
		ch->uio_fd = open(path, O_RDWR | O_CLOEXEC);
		if (ch->uio_fd >= 0 || errno != ENOENT)
			break;
		nanosleep(&nap, NULL);
	}
	if (ch->uio_fd < 0)
		return fail(CHAN_ESYS, "cannot open %s: %s (devtmpfs on "
			    "/dev?)", path, strerror(errno));
	return CHAN_OK;
}

/* Let the device interrupt again: INTx disable off, memory decoding on. */
static enum chan_status intx_unmask(const struct chan *ch)
{
	uint16_t cmd;

	if (!cfg_read(ch, PCI_COMMAND, &cmd, sizeof(cmd)))
		return fail(CHAN_ESYS, "%s: cannot read the PCI command "
			    "register: %s", who(&ch->info), strerror(errno));
	if (!(cmd & PCI_COMMAND_INTX_DISABLE) && (cmd & PCI_COMMAND_MEMORY))
		return CHAN_OK;
	cmd = (uint16_t)((cmd & ~PCI_COMMAND_INTX_DISABLE) |
			 PCI_COMMAND_MEMORY);
	if (!cfg_write(ch, PCI_COMMAND, &cmd, sizeof(cmd)))
		return fail(CHAN_ESYS, "%s: cannot write the PCI command "
			    "register: %s", who(&ch->info), strerror(errno));
	return CHAN_OK;
}

enum chan_status chan_open_info(struct chan *ch, const struct chan_info *info)
{
	enum chan_status st;

	memset(ch, 0, sizeof(*ch));
	ch->info = *info;
	ch->config_fd = -1;
	ch->uio_fd = -1;
	st = bind_uio(ch);
	if (st == CHAN_OK)
		st = open_config(ch);
	if (st == CHAN_OK)
		st = map_bars(ch);
	if (st == CHAN_OK)
		st = read_layout(ch);
	if (st == CHAN_OK)
		st = open_uio(ch);
	if (st == CHAN_OK) {
		ch->regs[IVSHMEM_REG_INT_CONTROL / 4] = IVSHMEM_INT_ENABLE;
		st = intx_unmask(ch);
	}
	if (st != CHAN_OK)
		chan_close(ch);
	return st;
}

void chan_close(struct chan *ch)
{
	if (ch->uio_fd >= 0)
		close(ch->uio_fd);
	if (ch->shmem)
		munmap(ch->shmem, ch->shmem_size);
	if (ch->regs)
		munmap((void *)ch->regs, ch->regs_size);
	if (ch->config_fd >= 0)
		close(ch->config_fd);
	ch->uio_fd = -1;
	ch->config_fd = -1;
	ch->shmem = NULL;
	ch->regs = NULL;
}

void chan_notify(const struct chan *ch, uint32_t peer)
{
	ch->regs[IVSHMEM_REG_DOORBELL / 4] = IVSHMEM_DOORBELL(peer, 0);
}

void chan_set_state(const struct chan *ch, uint32_t state)
{
	ch->regs[IVSHMEM_REG_STATE / 4] = state;
}

uint32_t chan_peer_state(const struct chan *ch, uint32_t peer)
{
	const volatile uint32_t *table = (const volatile uint32_t *)ch->shmem;

	return peer < ch->num_peers ? table[peer] : 0;
}

uint32_t chan_dropped(const struct chan *ch)
{
	return ch->regs[IVSHMEM_REG_DROPPED / 4];
}

enum chan_status chan_wait(struct chan *ch, int timeout_ms)
{
	struct pollfd p = { .fd = ch->uio_fd, .events = POLLIN };
	uint32_t count;
	int n;

	n = poll(&p, 1, timeout_ms);
	if (n < 0)
		return fail(CHAN_ESYS, "poll on /dev/uio%u: %s", ch->uio,
			    strerror(errno));
	if (n == 0)
		return fail(CHAN_ETIMEOUT, "%s: no interrupt within %d ms",
			    who(&ch->info), timeout_ms);
	/* The event count; this also marks the event seen for the next poll. */
	if (read(ch->uio_fd, &count, sizeof(count)) != sizeof(count))
		return fail(CHAN_ESYS, "%s: reading /dev/uio%u: %s (does the "
			    "device have an interrupt?)", who(&ch->info),
			    ch->uio, strerror(errno));
	return intx_unmask(ch);
}

enum chan_status chan_rings(const struct chan *ch, uint32_t peer,
			    uint32_t slot_size, struct chan_ring *r)
{
	if (peer == ch->id)
		return fail(CHAN_ENOENT, "%s: peer %u is this cell itself",
			    who(&ch->info), peer);
	if (peer >= ch->num_peers)
		return fail(CHAN_ENOENT, "%s: no peer %u (the channel has %u)",
			    who(&ch->info), peer, ch->num_peers);
	if (chan_ring_attach(r, ch->shmem, ch->num_peers, ch->rw_size,
			     ch->out_size, ch->id, peer, slot_size) !=
	    CHAN_RING_OK)
		return fail(CHAN_EDEVICE, "%s: output sections of 0x%llx "
			    "bytes are too small for %u peers' rings of "
			    "%u-byte slots", who(&ch->info),
			    (unsigned long long)ch->out_size, ch->num_peers,
			    slot_size);
	return CHAN_OK;
}
