/*
 * The ping-pong protocol of `septum-chan pingpong`: a peer that answers it
 * (the linuxchan test's bare-metal cell, a real-time demo cell) includes this
 * header too, so both ends build the same wire format from one place.
 * Freestanding C: no libc beyond memcpy.
 *
 * The initiator sends PING messages numbered 0, 1, 2, ... with a payload of
 * varying length; the answering peer replies to each with a PONG carrying
 * its own sequence number (counting every PONG it has sent since it
 * started), the PING's number in `echo` and the PING's payload.  Every
 * message ends with the CRC-32 (crc32_update) of all its bytes before it:
 *
 *   magic u32 | seq u32 | echo u32 | len u32 | payload[len] | crc u32
 *
 * (little-endian, as both ends are).  Anything else in the same ring is a
 * text message: the answering peer treats "restart" as a request to reset
 * its cell and echoes other text back prefixed with PINGPONG_ECHO_PREFIX.
 */
#ifndef PINGPONG_H
#define PINGPONG_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <chan_ring.h>
#include <septum/crc32.h>

/* Ring slot size of the protocol (both ends attach with it). */
#define PINGPONG_SLOT 256u

#define PINGPONG_PING 0x474e4950u	/* "PING" */
#define PINGPONG_PONG 0x474e4f50u	/* "PONG" */
#define PINGPONG_HDR 16u
#define PINGPONG_MAX_PAYLOAD 64u
#define PINGPONG_MAX_WIRE (PINGPONG_HDR + PINGPONG_MAX_PAYLOAD + 4u)

/* Text requests the answering peer understands. */
#define PINGPONG_RESTART "restart"
#define PINGPONG_ECHO_PREFIX "echo: "

_Static_assert(PINGPONG_MAX_WIRE <= PINGPONG_SLOT - 4u, "fits a slot");

struct pingpong_msg {
	uint32_t magic;
	uint32_t seq;
	uint32_t echo;		/* PONG: the PING it answers; PING: 0 */
	uint32_t len;		/* payload bytes */
	uint8_t payload[PINGPONG_MAX_PAYLOAD];
};

/* `m` in wire format into `wire` (PINGPONG_MAX_WIRE bytes); its length. */
static inline uint32_t pingpong_encode(const struct pingpong_msg *m,
				       uint8_t *wire)
{
	uint32_t len = m->len <= PINGPONG_MAX_PAYLOAD ? m->len : 0u;
	uint32_t hdr[4] = { m->magic, m->seq, m->echo, len };
	uint32_t crc;

	memcpy(wire, hdr, sizeof(hdr));
	memcpy(wire + PINGPONG_HDR, m->payload, len);
	crc = crc32_update(0, wire, PINGPONG_HDR + len);
	memcpy(wire + PINGPONG_HDR + len, &crc, sizeof(crc));
	return PINGPONG_HDR + len + 4u;
}

/*
 * Parse a received message.  False if it is not a well-formed ping-pong
 * message (text, or a length or CRC that does not add up).
 */
static inline bool pingpong_decode(const uint8_t *wire, uint32_t n,
				   struct pingpong_msg *m)
{
	uint32_t hdr[4];
	uint32_t crc;

	if (n < PINGPONG_HDR + 4u)
		return false;
	memcpy(hdr, wire, sizeof(hdr));
	if ((hdr[0] != PINGPONG_PING && hdr[0] != PINGPONG_PONG) ||
	    hdr[3] > PINGPONG_MAX_PAYLOAD || n != PINGPONG_HDR + hdr[3] + 4u)
		return false;
	memcpy(&crc, wire + PINGPONG_HDR + hdr[3], sizeof(crc));
	if (crc != crc32_update(0, wire, PINGPONG_HDR + hdr[3]))
		return false;
	m->magic = hdr[0];
	m->seq = hdr[1];
	m->echo = hdr[2];
	m->len = hdr[3];
	memcpy(m->payload, wire + PINGPONG_HDR, m->len);
	return true;
}

/* Whether `wire` looks like a ping-pong message at all (its magic). */
static inline bool pingpong_is_binary(const uint8_t *wire, uint32_t n)
{
	uint32_t magic;

	if (n < PINGPONG_HDR + 4u)
		return false;
	memcpy(&magic, wire, sizeof(magic));
	return magic == PINGPONG_PING || magic == PINGPONG_PONG;
}

#endif /* PINGPONG_H */
