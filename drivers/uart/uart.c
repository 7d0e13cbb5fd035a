#include <septum/drivers/uart.h>

static bool name_eq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* The linked driver named `name`, or (no name) the first of kind `kind`. */
static const struct uart_ops *find(const char *name, uint32_t kind)
{
	for (unsigned int i = 0; i < uart_driver_count; i++) {
		if (name ? name_eq(uart_drivers[i]->name, name)
			 : uart_drivers[i]->kind == kind)
			return uart_drivers[i];
	}
	return NULL;
}

const struct uart_ops *uart_find_kind(uint32_t kind)
{
	return find(NULL, kind);
}

const struct uart_ops *uart_find(const char *name)
{
	return find(name, 0);
}
