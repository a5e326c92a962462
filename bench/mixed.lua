-- One class of the mixed load for wrk: bench/load.sh and bench/soak.sh run one wrk per class at once,
-- so that each class gets its own latency distribution (wrk's Lua cannot time single requests).
--
-- Environment:
--   MIX_KIND      png | item | items | batch | predict | itempred (required)
--   MIX_PNG_DIR   directory of PNG files 0.png .. 31.png, POSTed by `predict` (required for it)
--   MIX_DELAY_MS  pause of each connection between its requests (0: none; the soak paces with it)
--   MIX_SEED      seed of the random indices (default 1)
--
-- Every class expects 200 for every request. Predictions may also be refused with 503 when the model
-- is saturated (by design, with Retry-After); those are counted apart from other unexpected statuses,
-- so a report can say both "nothing unexpected" and how many were shed.
-- done() prints one line: "mix <kind> key=value ...", which the scripts parse.

local kind = os.getenv("MIX_KIND") or error("MIX_KIND is not set")
local delay_ms = tonumber(os.getenv("MIX_DELAY_MS") or "0")
local seed = tonumber(os.getenv("MIX_SEED") or "1")
local dataset = "/api/v1/datasets/fashion-mnist"
local threads = {}
local bodies = {}

local function read_file(path)
	local f = assert(io.open(path, "rb"))
	local content = f:read("*all")
	f:close()
	return content
end

if kind == "predict" then
	local dir = os.getenv("MIX_PNG_DIR") or error("MIX_PNG_DIR is not set")
	for i = 0, 31 do
		bodies[#bodies + 1] = read_file(dir .. "/" .. i .. ".png")
	end
end

local function split_and_index()
	if math.random() < 0.5 then
		return "train", math.random(0, 59999)
	end
	return "test", math.random(0, 9999)
end

local builders = {
	png = function()
		local split, i = split_and_index()
		return wrk.format("GET", dataset .. "/splits/" .. split .. "/images/" .. i .. ".png")
	end,
	item = function()
		local split, i = split_and_index()
		return wrk.format("GET", dataset .. "/splits/" .. split .. "/items/" .. i, { ["Accept-Encoding"] = "gzip" })
	end,
	items = function()
		local path = dataset .. "/splits/train/items?size=50&page=" .. math.random(0, 1199)
		if math.random() < 0.3 then
			path = dataset .. "/splits/train/items?size=50&label=" .. math.random(0, 9) .. "&page=" .. math.random(0, 119)
		end
		return wrk.format("GET", path, { ["Accept-Encoding"] = "gzip" })
	end,
	batch = function()
		local path = dataset .. "/splits/train/batches/" .. math.random(0, 234)
			.. "?batchSize=256&shuffle=true&seed=7&epoch=" .. math.random(0, 3)
		return wrk.format("GET", path)
	end,
	predict = function()
		return wrk.format("POST", "/api/v1/models/baseline/predictions",
			{ ["Content-Type"] = "image/png", ["Accept-Encoding"] = "gzip" }, bodies[math.random(1, #bodies)])
	end,
	itempred = function()
		local split, i = split_and_index()
		return wrk.format("GET", dataset .. "/splits/" .. split .. "/items/" .. i .. "/prediction",
			{ ["Accept-Encoding"] = "gzip" })
	end,
}
local build = builders[kind] or error("unknown MIX_KIND " .. kind)

function setup(thread)
	thread:set("thread_id", #threads)
	threads[#threads + 1] = thread
end

function init(args)
	math.randomseed(seed * 1000 + thread_id)
	ok, shed, unexpected = 0, 0, 0
	statuses = {}
end

function request()
	return build()
end

if delay_ms > 0 then
	function delay()
		-- +-20% around the pause, so that the connections do not march in step
		return math.floor(delay_ms * (0.8 + 0.4 * math.random()))
	end
end

function response(status, headers, body)
	if status == 200 then
		ok = ok + 1
	elseif status == 503 and (kind == "predict" or kind == "itempred") then
		shed = shed + 1
	else
		unexpected = unexpected + 1
		statuses[status] = (statuses[status] or 0) + 1
	end
end

function done(summary, latency, requests)
	local total_ok, total_shed, total_unexpected, other = 0, 0, 0, {}
	for _, thread in ipairs(threads) do
		total_ok = total_ok + thread:get("ok")
		total_shed = total_shed + thread:get("shed")
		total_unexpected = total_unexpected + thread:get("unexpected")
		for status, count in pairs(thread:get("statuses")) do
			other[status] = (other[status] or 0) + count
		end
	end
	local e = summary.errors
	local seconds = summary.duration / 1e6
	local statuses_text = ""
	for status, count in pairs(other) do
		statuses_text = statuses_text .. status .. "x" .. count .. ","
	end
	io.write(string.format(
		"mix %s requests=%d seconds=%.1f rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.1f "
			.. "ok=%d shed503=%d unexpected=%d socket_errors=%d statuses=%s\n",
		kind, summary.requests, seconds, summary.requests / seconds,
		latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
		total_ok, total_shed, total_unexpected, e.connect + e.read + e.write + e.timeout,
		statuses_text == "" and "-" or statuses_text))
end
