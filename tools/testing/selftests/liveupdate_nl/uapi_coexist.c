// SPDX-License-Identifier: GPL-2.0
/*
 * The family's uAPI header and LUO's must build together: no name of
 * one may collide with a name of the other.
 */
#include <linux/liveupdate.h>
#include <linux/liveupdate_nl.h>

int main(void)
{
	return LIVEUPDATE_NL_CMD_MAX + LIVEUPDATE_SESSION_NAME_LENGTH +
	       LIVEUPDATE_NL_SESSION_NAME_LEN - LIVEUPDATE_NL_CMD_MAX - 128;
}
