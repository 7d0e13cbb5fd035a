/*
 * Error codes returned by hypervisor functions that can fail: such a
 * function returns `enum err`, marked MUST_CHECK (septum/types.h).
 */
#ifndef SEPTUM_ERROR_H
#define SEPTUM_ERROR_H

enum err {
	E_OK = 0,
	E_INVALID,	/* an argument or input is malformed */
	E_RANGE,	/* an address, size or index is out of bounds */
	E_NOMEM,	/* a fixed pool is exhausted */
	E_BUSY,		/* the resource is already in use */
	E_NOTFOUND,	/* the thing asked for does not exist */
	E_TIMEOUT,	/* hardware did not answer within its bound */
	E_DENIED,	/* firmware or policy refused */
	E_CORRUPT,	/* data does not match its checksum */
};

/* Short lower-case name of an error, for log lines.  Never NULL. */
const char *err_name(enum err e);

#endif /* SEPTUM_ERROR_H */
