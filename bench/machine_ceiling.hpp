// refrain-bench --machine: how much faster this machine runs two threads than one
// on plain compute, random reads and streaming reads (see machine_ceiling.cpp).
#pragma once

// Prints a table on stdout and a JSON line per kind of work on stderr; each kind
// is timed `repeats` times on one thread and on two, alternately.
void machine_ceiling(unsigned repeats);
