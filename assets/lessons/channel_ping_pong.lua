-- Lesson: ping-pong over two channels, closing by dropping the sender, and backpressure (the
-- script twin of the built-in lesson).
--
-- The pinger sends numbered pings over one mpsc channel; the ponger answers each with a pong over
-- another. A bounded channel makes a fast sender wait for a slow receiver. Nobody says "stop": the
-- pinger closes its sender, and the ponger's recv() then reports that the channel is closed.

lesson {
  id = "channel-ping-pong-lua",
  title = "Channels: ping-pong, closing, backpressure (script)",
  explanation = [[
Two spawned tasks talk over two bounded mpsc channels: pings one way, pongs back. Follow the wake
arrows between the pinger and ponger lanes: every send wakes the task waiting in recv on the other
side. With a roomy channel the pinger sends its whole burst without ever waiting. Set capacity to 1
and give the ponger a slow handler: now the pinger's sends wait on a full channel (a ChannelWait on
the send side) and it can only go as fast as the ponger reads. At the end the pinger closes its
sender; the ponger's recv returns nothing and its loop ends, which is how a channel says 'no more
messages'.]],
  params = {
    param { key = "rounds", kind = "int", min = 1, max = 100000, default = 10, help = "how many pings" },
    param { key = "capacity", kind = "int", min = 1, max = 1024, default = 32, help = "how many messages each channel buffers" },
    param { key = "handler_ms", kind = "int", min = 0, max = 10000, default = 0, unit = "ms",
            help = "how long the ponger takes to handle one ping" },
  },
  variants = {
    variant { name = "roomy", label = "Roomy channels, instant handler", set = { capacity = 32, handler_ms = 0 } },
    variant { name = "backpressure", label = "Capacity 1, slow handler", set = { capacity = 1, handler_ms = 5 } },
  },
  flavors = { "current_thread", "multi_thread" },
  default_flavor = "current_thread",
  workers = 2,
}

-- Answers every ping until recv() returns nil: all senders are gone and the buffer is empty.
local ponger = async(function(pings, pongs, handler_time)
  local received = 0
  while true do
    local ping = await(pings:recv())
    if ping == nil then break end
    received = received + 1
    print("ponger: received ", received, " pings so far")
    if handler_time > 0 then await(sleep(handler_time)) end  -- handling a ping takes a while
    await(pongs:send(ping))
  end
  print("ponger: the ping channel is closed, stopping")
  pongs:close()  -- like Rust's drop(tx): the pinger's pong loop ends in turn
end)

-- Sends every ping as fast as the channel accepts them: a burst.
local send_pings = async(function(pings, rounds)
  for n = 1, rounds do
    await(pings:send(n))  -- waits here while the channel is full: backpressure
    print("pinger: sent ping ", n, " at ", elapsed_ms(), " ms")
  end
  pings:close()  -- no more pings: this is what ends the ponger's loop
end)

local read_pongs = async(function(pongs)
  while true do
    local pong = await(pongs:recv())
    if pong == nil then break end
    print("pinger: pong ", pong, " back at ", elapsed_ms(), " ms")
  end
end)

-- Sending and reading run side by side inside the pinger (join). Reading only after sending
-- everything would deadlock once both channels are full: each task would wait for the other.
local pinger = async(function(pings, pongs, rounds)
  await(join(send_pings(pings, rounds), read_pongs(pongs)))
  print("pinger: all ", rounds, " pongs are back")
end)

function main(p)
  local ping_tx, ping_rx = mpsc(p.capacity, "pings")
  local pong_tx, pong_rx = mpsc(p.capacity, "pongs")
  local pong_task = spawn(ponger(ping_rx, pong_tx, p.handler_ms), "ponger")
  local ping_task = spawn(pinger(ping_tx, pong_rx, p.rounds), "pinger")
  await(ping_task)
  await(pong_task)
  print("done after ", elapsed_ms(), " ms")
end
