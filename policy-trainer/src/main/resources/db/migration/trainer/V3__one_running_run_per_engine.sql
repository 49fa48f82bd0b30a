-- One engine trains one run at a time: two concurrent starts cannot both succeed.
CREATE UNIQUE INDEX training_run_one_running_per_engine ON training_run ((config ->> 'engineUrl'))
    WHERE status = 'RUNNING';
