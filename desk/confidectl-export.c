/* SPDX-License-Identifier: GPL-3.0-or-later */
/* confidectl: exports. */
#include "confidectl.h"

const CtlCommand ctl_export_commands[] = {
  { NULL }
};
