/* daemon_socket.h - where the discover daemon listens (doc/protocol.md). */
#ifndef HOPBOOT_DAEMON_SOCKET_H
#define HOPBOOT_DAEMON_SOCKET_H

#define DAEMON_SOCKET "/run/hopboot/socket"

#endif
