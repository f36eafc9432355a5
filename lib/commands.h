/* commands.h - the subcommands of the multi-call binary. Each returns the
 * process exit status: 0 success, 1 failure or partial results, 2 usage. */
#ifndef HOPBOOT_COMMANDS_H
#define HOPBOOT_COMMANDS_H

int init_main(int argc, char **argv);
int discover_main(int argc, char **argv);
int scan_main(int argc, char **argv);
int net_main(int argc, char **argv);
int boot_main(int argc, char **argv);
int ctl_main(int argc, char **argv);
int ui_main(int argc, char **argv);
int menu_main(int argc, char **argv);
int kexec_main(int argc, char **argv);
int fetch_main(int argc, char **argv);

#endif
