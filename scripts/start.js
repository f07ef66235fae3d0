#!/usr/bin/env node
// npm start: builds what is stale (nothing, on an up-to-date tree; see build.js), then runs the
// server in this same process, with the flags given (one process and no extra npm step, so the
// first answer comes sooner).
import { build } from './build.js'

build()
await import('../dist/main.js')
