#!/bin/sh
# hopboot-menu.sh - dracut pre-mount hook: offers hopboot's menu; never stops the boot.

# dracut sources hooks: run the helper as a child so that nothing it does
# can end this shell or change its state.
/usr/lib/hopboot/hopboot-hook || :
