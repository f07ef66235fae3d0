// Loaded into the sandbox by the write benchmark (node --import): answers the longest and the
// 99th-percentile event-loop delay since the last question, over the IPC channel.
import { monitorEventLoopDelay } from 'node:perf_hooks'

const histogram = monitorEventLoopDelay({ resolution: 1 })
histogram.enable()
process.on('message', (message) => {
  if (message !== 'loop-delay') return
  process.send({ maxMs: histogram.max / 1e6, p99Ms: histogram.percentile(99) / 1e6 })
  histogram.reset()
})
// The channel must not keep the server alive by itself.
process.channel?.unref()
