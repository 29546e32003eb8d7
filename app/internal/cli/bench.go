package cli

import (
	"flag"
	"os"

	"github.com/fgdesk/fgdesk/app/internal/bench"
	"github.com/fgdesk/fgdesk/app/internal/fsutil"
)

func runBench(env *Env, fs *flag.FlagSet, args []string) int {
	n := fs.Int("n", 1000, "generated contributions")
	dir := fs.String("dir", "", "corpus folder to create or reuse (default: a temp folder)")
	workers := fs.Int("workers", 0, "workers for every contender (default: all cores)")
	rounds := fs.Int("rounds", 5, "alternating runs of floor and check; the median is reported")
	readme := fs.String("readme", "", "also write the figures into FILE (README.md) between its fgdesk bench markers")
	if _, code := operands(fs, args, 0, 0); code >= 0 {
		return code
	}
	r, err := bench.Run(env.Ctx, bench.Options{N: *n, Dir: *dir, Workers: *workers, Rounds: *rounds, Log: env.Stderr})
	if err != nil {
		return fail(env, "bench: %v", err)
	}
	r.WriteText(env.Stdout)
	if *readme != "" {
		b, err := os.ReadFile(*readme)
		if err != nil {
			return fail(env, "bench: %v", err)
		}
		if b, err = bench.SpliceReadme(b, r); err != nil {
			return fail(env, "bench: %s: %v", *readme, err)
		}
		if err := fsutil.WriteBytes(*readme, fsutil.Overwrite, 0o644, b); err != nil {
			return fail(env, "bench: %v", err)
		}
	}
	return ExitOK
}
