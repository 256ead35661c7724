package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestShardFromEnvironmentNoted: a csv batch run inside a Slurm array
// task (or an Indexed Job) played one shard of the batch without a word,
// which surprised an analyst who meant the whole batch. It now says, in
// one line on stderr, which shard it plays, from which variables, and how
// to choose; given --shard, or outside an array, it says nothing.
func TestShardFromEnvironmentNoted(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		args []string
		want string // "" for no note
	}{
		{map[string]string{"SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "4"}, nil,
			"lattice batch: shard 3/4 from SLURM_ARRAY_TASK_ID=4 SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_COUNT=4; give --shard to choose it (--shard 0/1 plays the whole batch)\n"},
		{map[string]string{"JOB_COMPLETION_INDEX": "1"}, []string{"--shard-count", "2"},
			"lattice batch: shard 1/2 from JOB_COMPLETION_INDEX=1; give --shard to choose it (--shard 0/1 plays the whole batch)\n"},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "2"}, []string{"--shard", "0/1"}, ""},
		{nil, nil, ""},
	} {
		var stdout, stderr bytes.Buffer
		e := &env{stdout: &stdout, stderr: &stderr, stdin: strings.NewReader(""), getenv: func(k string) string { return tc.env[k] }}
		code := runMain(context.Background(), e, append([]string{"batch", "tutorial", "--runs", "4", "--format", "csv"}, tc.args...))
		if code != 0 || stderr.String() != tc.want {
			t.Errorf("%v %v: exit %d, stderr %q; want exit 0 and %q", tc.env, tc.args, code, stderr.String(), tc.want)
		}
		if rows := strings.Count(stdout.String(), "\n") - 1; code == 0 && (rows < 1 || rows > 4) {
			t.Errorf("%v %v: %d rows of 4 runs", tc.env, tc.args, rows)
		}
	}
}
