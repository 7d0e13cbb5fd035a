#include <septum/error.h>

const char *err_name(enum err e)
{
	switch (e) {
	case E_OK:
		return "ok";
	case E_INVALID:
		return "invalid";
	case E_RANGE:
		return "out of range";
	case E_NOMEM:
		return "out of memory";
	case E_BUSY:
		return "busy";
	case E_NOTFOUND:
		return "not found";
	case E_TIMEOUT:
		return "timed out";
	case E_DENIED:
		return "denied";
	case E_CORRUPT:
		return "corrupt";
	}
	return "unknown error";
}
