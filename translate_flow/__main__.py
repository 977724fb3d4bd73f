from translate_flow.cli.main import main

main()
