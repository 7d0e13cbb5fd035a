#include <septum/drivers/uart.h>

static bool name_eq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

const struct uart_ops *uart_find_kind(uint32_t kind)
{
	for (unsigned int i = 0; i < uart_driver_count; i++) {
		if (uart_drivers[i]->kind == kind)
			return uart_drivers[i];
	}
	return NULL;
}

const struct uart_ops *uart_find(const char *name)
{
	for (unsigned int i = 0; i < uart_driver_count; i++) {
		if (name_eq(uart_drivers[i]->name, name))
			return uart_drivers[i];
	}
	return NULL;
}
