// SPDX-License-Identifier: GPL-2.0
/*
 * The stress engine, compiled into the KUnit module as well: the torture
 * module's engine.c is the one implementation (see torture/engine.h).
 */
#include "../torture/engine.c"
