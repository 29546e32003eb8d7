package cli

import (
	"flag"
	"fmt"

	"github.com/fgdesk/fgdesk/app/internal/check"
	"github.com/fgdesk/fgdesk/app/internal/corpus"
	"github.com/fgdesk/fgdesk/app/internal/finding"
)

func runCorpus(env *Env, fs *flag.FlagSet, args []string) int {
	out := fs.String("o", "", "folder to write the corpus into")
	n := fs.Int("n", 50, "realistic contributions (at most 799 with hostile files)")
	seed := fs.Uint64("seed", 1, "seed: another seed gives another (still deterministic) corpus")
	small := fs.Bool("small", false, "a dozen contributions, no multi-megabyte images")
	noHostile := fs.Bool("no-hostile", false, "realistic contributions only (for benchmarks)")
	verify := fs.String("verify", "", "check DIR (made by this command) and compare with its manifest; exit 1 on a miss")
	if _, code := operands(fs, args, 0, 0); code >= 0 {
		return code
	}
	p, err := loadMeeting(env, "")
	if err != nil {
		return fail(env, "%v", err)
	}
	if *verify != "" {
		man, err := corpus.ReadManifest(*verify)
		if err != nil {
			return fail(env, "%v", err)
		}
		rep, err := check.Run(env.Ctx, []string{*verify}, check.Options{Profile: p})
		if err != nil {
			return fail(env, "%v", err)
		}
		results := map[string][]finding.Finding{}
		for _, f := range rep.Files {
			results[f.Name] = f.Findings
		}
		misses := corpus.Verify(man, results)
		for _, m := range misses {
			fmt.Fprintln(env.Stdout, "MISS "+m)
		}
		fmt.Fprintf(env.Stdout, "%d file(s) in the manifest, %d miss(es)\n", len(man.Files), len(misses))
		if len(misses) > 0 {
			return ExitErrors
		}
		return ExitOK
	}
	if *out == "" {
		fs.Usage()
		return ExitFailed
	}
	opt := corpus.Options{N: *n, Seed: *seed, Hostile: !*noHostile, RuleBreakers: !*noHostile}
	if *small {
		opt.N, opt.NoLarge = 12, true
	}
	man, err := corpus.Generate(*out, p, opt)
	if err != nil {
		return fail(env, "%v", err)
	}
	var total int64
	for _, e := range man.Files {
		total += e.Size
	}
	fmt.Fprintf(env.Stdout, "%d file(s), %.1f MB, in %s (manifest %s)\n", len(man.Files), float64(total)/(1<<20), *out, corpus.ManifestName)
	return ExitOK
}
